import { queryOptions } from '@tanstack/react-query';
import { appKeysAnswerSchema } from '../../contract/manage';
import { request } from './client';

/** The app's id and API keys (what apps call the runtime with), and whether they are the public demo keys. */
export const appKeyQueries = {
  keys: () =>
    queryOptions({
      queryKey: ['app-keys'] as const,
      queryFn: ({ signal }) => request('/app-keys', appKeysAnswerSchema, { signal }),
      // Keys change only when the server restarts with others.
      staleTime: Infinity,
    }),
};
