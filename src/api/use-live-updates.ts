import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/**
 * Keeps this page's data live (see live.ts). The stream's code loads after the first paint, in its own
 * chunk: a console works without it, and the initial JS stays within its budget.
 */
export function useLiveUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let stopped = false;
    let disconnect: (() => void) | undefined;
    void import('./live').then(({ connectLive }) => {
      if (!stopped) disconnect = connectLive(queryClient);
    });
    return () => {
      stopped = true;
      disconnect?.();
    };
  }, [queryClient]);
}
