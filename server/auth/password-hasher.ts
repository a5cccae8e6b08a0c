/** Turns passwords into salted slow hashes and checks them; injected into the app. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /**
   * Throws (503) when a hash asked for now would be refused: the caller skips the database work it
   * would do first. Only a gated hasher has it.
   */
  ready?(): void;
}

const SCHEME = 'pbkdf2-sha256';
const SALT_BYTES = 16;
const KEY_BITS = 256;
export const DEFAULT_PBKDF2_ITERATIONS = 600_000; // OWASP's figure for PBKDF2-HMAC-SHA-256

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    KEY_BITS,
  );
  return new Uint8Array(bits);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  return difference === 0;
}

/**
 * PBKDF2-SHA-256 through WebCrypto, which Node 20 and browsers both have, so the demo and the server
 * share it. Stored as `pbkdf2-sha256$<iterations>$<salt>$<hash>`; `verify` reads the iterations from
 * the stored value, so hashes made with other settings keep working.
 */
export function createPbkdf2Hasher({ iterations = DEFAULT_PBKDF2_ITERATIONS } = {}): PasswordHasher {
  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
      const hash = await derive(password, salt, iterations);
      return [SCHEME, String(iterations), toBase64(salt), toBase64(hash)].join('$');
    },
    async verify(password, stored) {
      const [scheme, rounds, salt, hash] = stored.split('$');
      const storedIterations = Number(rounds);
      if (scheme !== SCHEME || !salt || !hash || !Number.isInteger(storedIterations) || storedIterations < 1) {
        return false;
      }
      return sameBytes(await derive(password, fromBase64(salt), storedIterations), fromBase64(hash));
    },
  };
}

/**
 * Checks a password against an account's stored hash. With no account it checks a decoy hash, so an
 * unknown email takes as long as a wrong password and does not reveal that the email is unknown.
 */
export function createCredentialCheck(hasher: PasswordHasher, newId: () => string) {
  let decoy: Promise<string> | undefined;
  return async <T extends { passwordHash: string }>(found: T | undefined, password: string): Promise<T | undefined> => {
    if (!found) {
      await hasher.verify(password, await (decoy ??= hasher.hash(newId())));
      return undefined;
    }
    return (await hasher.verify(password, found.passwordHash)) ? found : undefined;
  };
}
