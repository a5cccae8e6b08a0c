import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/api/client';
import { ConflictError, writeLedger, type VersionedRow } from '../../src/api/permission-writes';

const stale = () => new ApiError('http', 'changed', 412, 4120);
const landed = (writeId: string): VersionedRow => ({
  value: 'grant',
  version: 2,
  changed: { by: 'first@example.com', at: '2026-01-01T10:00:00.000Z', writeId },
});

/** The ledger a page's hooks reach, in a render of its own with its own QueryClient. */
function renderPage() {
  const queryClient = new QueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  const { result } = renderHook(() => writeLedger(useQueryClient()), { wrapper });
  return { queryClient, ledger: result.current };
}

describe('the write ledger', () => {
  it('is one per QueryClient: the same on every render of a page', () => {
    const { queryClient, ledger } = renderPage();
    expect(writeLedger(queryClient)).toBe(ledger);
  });

  it('is not shared by two pages: a write of one is someone else’s change to the other', async () => {
    const first = renderPage().ledger;
    const second = renderPage().ledger;
    expect(second).not.toBe(first);

    // The first page's write landed, but its answer was lost.
    const row = landed(first.write('grant').writeId);
    const conflict = await second
      .send('fl_0001/u_1', second.write(null), {
        known: () => 1,
        put: async () => Promise.reject(stale()),
        fetchRow: async () => row,
      })
      .catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(ConflictError);

    // The first page knows the write as its own and writes again on the new version.
    const put = vi.fn(async (version: number | undefined) => {
      if (version === 1) throw stale();
      return { ...row, value: null, version: 3 };
    });
    const saved = await first.send('fl_0001/u_1', first.write(null), { known: () => 1, put, fetchRow: async () => row });
    expect(put.mock.calls.map(([version]) => version)).toEqual([1, 2]);
    expect(saved.version).toBe(3);
  });
});
