import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiTokenListSchema, createdApiTokenSchema, type CreateApiTokenInput } from '../../contract/api-tokens';
import { request } from './client';

/** The Manage page's API tokens: for automation (CI), used as `Authorization: Bearer`. */
export const apiTokenQueries = {
  list: () =>
    queryOptions({
      queryKey: ['api-tokens'] as const,
      queryFn: ({ signal }) => request('/api-tokens', apiTokenListSchema, { signal }),
    }),
};

/** The answer holds the token itself: the only time anyone sees it. */
export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiTokenInput) => request('/api-tokens', createdApiTokenSchema, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokenQueries.list().queryKey }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request(`/api-tokens/${encodeURIComponent(id)}`, null, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokenQueries.list().queryKey }),
  });
}
