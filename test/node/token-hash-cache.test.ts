import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashToken, newToken, RECENT_TOKEN_HASHES } from '../../server/auth/tokens';

/**
 * A token's SHA-256 is asked for on every call the token makes (each logged-in activation, each console
 * request): WebCrypto's digest cost about 0.2 ms of the server's main thread per call under load.
 */
describe('hashToken', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is the SHA-256 of the token, in hex', async () => {
    expect(await hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('digests a token seen lately once, not at every call', async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const token = newToken();
    const first = await hashToken(token);
    for (let call = 0; call < 5; call++) expect(await hashToken(token)).toBe(first);
    expect(digest).toHaveBeenCalledTimes(1);
  });

  it('keeps no long strings a stranger sends (each is digested, none is kept)', async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const long = 'x'.repeat(10_000);
    await hashToken(long);
    await hashToken(long);
    expect(digest).toHaveBeenCalledTimes(2);
  });

  it('keeps the latest tokens only: the oldest is digested again once that many came after it', async () => {
    const oldest = newToken();
    await hashToken(oldest);
    for (let index = 0; index < RECENT_TOKEN_HASHES; index++) await hashToken(`token-${index}`);
    const digest = vi.spyOn(crypto.subtle, 'digest');
    await hashToken(`token-${RECENT_TOKEN_HASHES - 1}`);
    expect(digest).toHaveBeenCalledTimes(0);
    await hashToken(oldest);
    expect(digest).toHaveBeenCalledTimes(1);
  });
});
