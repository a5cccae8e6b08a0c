/** Tokens (sessions, API tokens): random, and stored only as a SHA-256. */

const toHex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** Tokens whose hashes are kept, the latest ones (a token calls again and again: each call asks for its hash). */
export const RECENT_TOKEN_HASHES = 10_000;
/** Longer strings are not kept: ours are 43 characters; a stranger's long ones must not fill the memory. */
const KEPT_TOKEN_LENGTH = 128;
const recentHashes = new Map<string, string>();

/**
 * Tokens are looked up by a SHA-256: the database never holds a usable token. The hashes of the
 * latest tokens are kept in memory (WebCrypto's digest cost about 0.2 ms of the server's main thread
 * per call under load); the process holds those tokens anyway, as each call brings its own.
 */
export async function hashToken(token: string): Promise<string> {
  const known = recentHashes.get(token);
  if (known !== undefined) return known;
  const hash = toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  if (token.length <= KEPT_TOKEN_LENGTH) {
    if (recentHashes.size >= RECENT_TOKEN_HASHES) recentHashes.delete(recentHashes.keys().next().value as string);
    recentHashes.set(token, hash);
  }
  return hash;
}

/** The token's hash if it is among the latest ones hashed (`hashToken`), without a promise; else `undefined`. */
export const knownTokenHash = (token: string): string | undefined => recentHashes.get(token);

/** A session token: 256 random bits, URL-safe. */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
