import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/api/client';
import { ConflictError, createWriteLedger, retryWrite, type VersionedRow } from '../../src/api/permission-writes';

const stale = () => new ApiError('http', 'changed', 412, 4120);
const row = (
  value: VersionedRow['value'],
  version: number,
  writeId: string | null = 'theirs',
  by = 'other@example.com',
): VersionedRow => ({
  value,
  version,
  changed: { by, at: '2026-01-01T10:00:00.000Z', writeId },
});

describe('a write ledger sending a write', () => {
  const ledger = createWriteLedger();

  it('sends the version it knows and returns the saved row', async () => {
    const put = vi.fn(async (version: number | undefined) => row('grant', (version ?? 0) + 1));
    const saved = await ledger.send('a', ledger.write('grant'), { known: () => 3, put, fetchRow: vi.fn() });
    expect(put).toHaveBeenCalledWith(3);
    expect(saved.version).toBe(4);
  });

  it('counts a 412 as success when the row already holds the target', async () => {
    const current = row('deny', 5);
    const saved = await ledger.send('b', ledger.write('deny'), {
      known: () => 2,
      put: async () => Promise.reject(stale()),
      fetchRow: async () => current,
    });
    expect(saved).toBe(current);
  });

  it('writes again on the new version when the last change was one of its own writes (a lost answer)', async () => {
    const earlier = ledger.write('grant');
    const put = vi.fn(async (version: number | undefined) => {
      if (version === 1) throw stale();
      return row(null, 3, 'mine');
    });
    const saved = await ledger.send('c', ledger.write(null), {
      known: () => 1,
      put,
      fetchRow: async () => row('grant', 2, earlier.writeId, 'me@example.com'),
    });
    expect(put.mock.calls.map(([version]) => version)).toEqual([1, 2]);
    expect(saved.version).toBe(3);
  });

  it("throws a conflict with the server's row, and holds back the writes clicked before it was found", async () => {
    const first = ledger.write('grant');
    const queued = ledger.write('deny');
    const theirs = row(null, 4);
    const conflict = await ledger
      .send('d', first, {
        known: () => 1,
        put: async () => Promise.reject(stale()),
        fetchRow: async () => theirs,
      })
      .catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ current: theirs, mine: 'grant', superseded: false });

    const put = vi.fn();
    const held = await ledger.send('d', queued, { known: () => 4, put, fetchRow: vi.fn() }).catch((error: unknown) => error);
    expect(held).toMatchObject({ current: theirs, mine: 'deny', superseded: true });
    expect(put).not.toHaveBeenCalled();

    // A click made after the conflict came to light is sent as usual.
    const later = await ledger.send('d', ledger.write('deny'), {
      known: () => 4,
      put: async () => row('deny', 5),
      fetchRow: vi.fn(),
    });
    expect(later.version).toBe(5);
  });
});

describe('retryWrite', () => {
  it('retries a missing network without end, a passing server error twice, and nothing else', () => {
    const network = new ApiError('network', 'offline');
    expect(retryWrite(0, network) && retryWrite(50, network)).toBe(true);
    const unavailable = new ApiError('http', 'busy', 503);
    expect([0, 1, 2].map((count) => retryWrite(count, unavailable))).toEqual([true, true, false]);
    for (const error of [
      stale(),
      new ApiError('http', 'bad', 400),
      new ApiError('http', 'full', 507),
      new ApiError('contract', 'shape'),
    ]) {
      expect(retryWrite(0, error)).toBe(false);
    }
    expect(retryWrite(0, new Error('bug'))).toBe(false);
  });
});
