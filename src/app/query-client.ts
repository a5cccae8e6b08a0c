import { QueryClient } from '@tanstack/react-query';
import type { ApiError } from '../api/client';

/** Client errors (4xx) and broken contracts will not heal by retrying; network and 5xx might. */
function shouldRetry(failureCount: number, error: ApiError): boolean {
  if (error.kind === 'contract' || (error.status >= 400 && error.status < 500)) {
    return false;
  }
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000, refetchOnWindowFocus: false },
    },
  });
}
