import { useMutation } from '@tanstack/react-query';
import { impactSchema } from '../../contract/impact';
import { type ImpactRequest } from '../../contract/impact-request';
import { request } from './client';

/** What a broad change would do, computed by the server on the real data. */
export function useImpactPreview() {
  return useMutation({
    mutationFn: (proposal: ImpactRequest) => request('/impact', impactSchema, { method: 'POST', body: proposal }),
  });
}
