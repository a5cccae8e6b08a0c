import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const KNOWN_CLIENT_COOKIE = 'known_client';
const LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

const toHex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');

async function signature(accountKey: string, accountId: string, id: string, issuedAt: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(accountKey),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return toHex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${accountId}|${id}|${issuedAt}`)));
}

/**
 * A browser that signed in to an account before: an HttpOnly cookie with a random id, the time it was
 * issued and an HMAC of both keyed with the account's stored password hash. So it needs no storage of
 * its own (any server instance can check it), is good for that account only, and stops working when
 * the password changes.
 */
export const knownClients = {
  async issue(c: Context, account: { id: string; passwordHash: string }, now: Date): Promise<void> {
    const id = crypto.randomUUID();
    const issuedAt = now.getTime();
    setCookie(c, KNOWN_CLIENT_COOKIE, `${id}.${issuedAt}.${await signature(account.passwordHash, account.id, id, issuedAt)}`, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: new URL(c.req.url).protocol === 'https:',
      path: '/api/console/auth',
      maxAge: LIFETIME_MS / 1000,
    });
  },
  async isKnown(c: Context, account: { id: string; passwordHash: string } | undefined, now: Date): Promise<boolean> {
    const value = getCookie(c, KNOWN_CLIENT_COOKIE);
    const [id, issued, signed] = value?.split('.') ?? [];
    const issuedAt = Number(issued);
    if (!account || !id || !signed || !Number.isSafeInteger(issuedAt) || issuedAt + LIFETIME_MS < now.getTime()) return false;
    return signed === (await signature(account.passwordHash, account.id, id, issuedAt));
  },
};
