import { describe, expect, it } from 'vitest';
import { emailKeyOf } from '../../server/auth/types';

/** One fold of an email for every comparison: the stored key, the sign-in limit's key and every look-up. */

describe('emailKeyOf', () => {
  it.each([
    ['mixed case', 'ADMIN@Example.COM', 'admin@example.com'],
    ['surrounding spaces', '  admin@example.com \t', 'admin@example.com'],
    ['a fullwidth letter', '\uFF41dmin@example.com', 'admin@example.com'],
    ['fullwidth capitals and an ideographic space', '\uFF21\uFF24\uFF2D\uFF29\uFF2E@example.com\u3000', 'admin@example.com'],
    ['the Kelvin sign', '\u212Aim@example.com', 'kim@example.com'],
    ['a decomposed accent', 'jose\u0301@example.com', 'jos\u00E9@example.com'],
  ])('folds %s onto the plain address', (_, email, key) => {
    expect(emailKeyOf(email)).toBe(key);
  });

  it.each([
    ['capital I with dot (U+0130)', 'adm\u0130n@example.com'],
    ['dotless i (U+0131)', 'adm\u0131n@example.com'],
  ])('keeps %s apart from a plain i: another address, not a variant', (_, email) => {
    expect(emailKeyOf(email)).not.toBe('admin@example.com');
    expect(emailKeyOf(email.toUpperCase())).toBe(emailKeyOf(email.toUpperCase().toLowerCase()));
  });

  it('folds U+0130 the way Unicode lower-cases it: i and a combining dot above', () => {
    expect(emailKeyOf('ADM\u0130N@EXAMPLE.COM')).toBe('admi\u0307n@example.com');
  });

  it('is idempotent for every code point, so a stored key looks itself up', () => {
    const unstable: string[] = [];
    for (let code = 0; code <= 0x10ffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const text = `a${String.fromCodePoint(code)}b`;
      const key = emailKeyOf(text);
      if (emailKeyOf(key) !== key) unstable.push(code.toString(16));
    }
    expect(unstable).toEqual([]);
  });
});
