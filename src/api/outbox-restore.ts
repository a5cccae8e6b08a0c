import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent } from 'react';
import { ApiError } from './client';
import { outboxOf } from './outbox';
import type { WriteTarget } from './outbox-store';
import { writeLedger } from './permission-writes';
import { resendWrite } from './permissions';

const restored = new WeakSet<object>();

/**
 * Sends again, once per page, the writes an earlier page left in the outbox: in their order, on the
 * versions they were based on and with their write ids, so a value someone else changed meanwhile is
 * a conflict and a write the server already applied is not applied twice. How each one ended goes to
 * its row (see useRestoredReports).
 */
export async function restoreOutbox(queryClient: QueryClient): Promise<void> {
  const outbox = outboxOf(queryClient);
  if (restored.has(outbox)) return;
  restored.add(outbox);
  const ledger = writeLedger(queryClient);
  for (const entry of await outbox.restore()) {
    resendWrite(queryClient, entry, ledger.adopt(entry.writeId, entry.value)).catch((error: unknown) => {
      if (error instanceof ApiError) outbox.report(entry, error);
    });
  }
}

/** Restores the outbox when the page starts (see restoreOutbox). */
export function useRestoreOutbox(): void {
  const queryClient = useQueryClient();
  useEffect(() => void restoreOutbox(queryClient), [queryClient]);
}

/**
 * Hands a row the failures of its restored writes (a conflict included) while it is on screen: in a
 * dialog rendered ahead, once it opens (`signal`; the row does not render again for it).
 */
export function useRestoredReports(
  { flowId, kind, principal }: WriteTarget,
  report: (error: ApiError) => void,
  signal?: { shown(): boolean; onShown(listener: () => void): () => void },
): void {
  const queryClient = useQueryClient();
  const onReport = useEffectEvent(report);
  useEffect(() => {
    const take = () => {
      const outbox = outboxOf(queryClient);
      const target = { flowId, kind, principal };
      const deliver = () => {
        for (const error of outbox.takeReports(target)) onReport(error);
      };
      deliver();
      return outbox.subscribeReports(target, deliver);
    };
    if (!signal || signal.shown()) return take();
    let stop: (() => void) | undefined;
    const cancel = signal.onShown(() => (stop = take()));
    return () => {
      cancel();
      stop?.();
    };
  }, [queryClient, flowId, kind, principal, signal]);
}
