import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { accessQueries } from '../../api/access';
import { exposureWarning, type ExposureWarning } from '../../../domain/exposure';
import { useFeedback } from './feedback';

const WARNINGS: Record<ExposureWarning, string> = {
  nobody: 'Nobody can start this flow now: no role and no user is allowed.',
  openedToAnonymous: 'Anyone, even without logging in, can start this flow now.',
};

/**
 * After a saved change, compares who can start the flow before and after; a change that shuts
 * everyone out, or opens a restricted flow to every anonymous caller, gets a warning with Undo.
 * It never blocks a click: the check runs after the write and only informs. The Permissions dialog
 * keeps the "before" picture loaded.
 */
export function useExposureGuard(flowId: string) {
  const queryClient = useQueryClient();
  const { notify } = useFeedback();
  return useCallback(
    async (undo: () => void) => {
      const options = accessQueries.exposure(flowId);
      const before = queryClient.getQueryData(options.queryKey);
      const after = await queryClient.fetchQuery({ ...options, staleTime: 0 }).catch(() => undefined);
      const warning = before && after ? exposureWarning(before, after) : null;
      if (warning) notify({ tone: 'warning', message: WARNINGS[warning], undo });
    },
    [flowId, queryClient, notify],
  );
}
