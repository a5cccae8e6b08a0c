import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiErrorBodySchema } from '../../contract/errors';
import type { AppKeysAnswer } from '../../contract/manage';
import { flowExecutionSchema } from '../../contract/runtime';
import { accessQueries } from './access';
import { ApiError } from './client';

/** Who starts the flow: nobody logged in, as an app's page would; or a user, as a Call Flow block would. */
export type TryCaller = { kind: 'anonymous' } | { kind: 'user'; userId: string };

export interface TryInput {
  keys: Pick<AppKeysAnswer, 'appId' | 'apiKeys'>;
  flow: { id: string; name: string };
  caller: TryCaller;
}

/** The runtime's answer: started, or refused with its code and sentence (403 denied, 400 not LIVE, …). */
export type TryResult =
  { started: true; executionId: string } | { started: false; status: number; code: number; message: string };

const segment = encodeURIComponent;

/**
 * Calls the runtime API exactly as an app does, through `/<appId>/<apiKey>/…`: anonymously with the JS
 * key (activate-by-name, like the JS SDK in a page), or as a user through Call Flow with the server-code
 * key, since the demo's users have no passwords to log in with (server code starts a flow for a user so).
 */
async function tryFlow({ keys, flow, caller }: TryInput): Promise<TryResult> {
  const base = `${import.meta.env.VITE_API_BASE ?? ''}/${segment(keys.appId)}`;
  const [url, body] =
    caller.kind === 'anonymous'
      ? [`${base}/${segment(keys.apiKeys.JS)}/automation/flow/activate-by-name`, { name: flow.name, initialData: {} }]
      : [
          `${base}/${segment(keys.apiKeys.ServerCode)}/automation/flow/${segment(flow.id)}/call-flow`,
          { sessionSource: 'executionInitUser', userId: caller.userId, initialData: {} },
        ];
  let response: Response;
  try {
    response = await fetch(new URL(url, globalThis.location?.href ?? 'http://localhost'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError('network', 'Could not reach the server. Check your connection and try again.');
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const parsed = flowExecutionSchema.safeParse(json);
    if (!parsed.success) throw new ApiError('contract', 'The runtime answered without an executionId');
    return { started: true, executionId: parsed.data.executionId };
  }
  const error = apiErrorBodySchema.safeParse(json);
  if (!error.success) throw new ApiError('http', `The server answered ${response.status}`, response.status);
  return { started: false, status: response.status, code: error.data.code, message: error.data.message };
}

/** Starts the flow through the runtime API; the attempt then shows in the flow's activity. */
export function useTryFlow(flowId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: tryFlow,
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessQueries.activations(flowId).queryKey }),
  });
}
