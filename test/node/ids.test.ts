import { describe, expect, it } from 'vitest';
import { randomId } from '../../server/platform/ids';

describe('randomId', () => {
  it('makes upper-case version-4 UUIDs, all different, across many draws of random bytes', () => {
    const ids = Array.from({ length: 10_000 }, () => randomId());
    for (const id of ids) expect(id).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
