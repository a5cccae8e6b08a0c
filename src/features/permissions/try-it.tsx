import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { appKeyQueries } from '../../api/app-keys';
import { flowQueries } from '../../api/flows';
import { useTryFlow, type TryResult } from '../../api/runtime';
import { UserPicker, type PickedUser } from './user-picker';
import { displayName } from './user-row';

/** The runtime's codes for a refusal the decision made (README, "Runtime API"). */
const DENIED = 4031;
const NOT_LIVE = 4001;

/**
 * Demo only: starts this flow through the real runtime API, as an app would, and shows the answer;
 * the attempt then tops the list below with the rule that decided.
 */
export function TryIt({ flowId }: { flowId: string }) {
  const [asUser, setAsUser] = useState(false);
  const [user, setUser] = useState<PickedUser | null>(null);
  const flow = useQuery(flowQueries.detail(flowId));
  const keys = useQuery(appKeyQueries.keys());
  const attempt = useTryFlow(flowId);
  const name = useId();
  const ready = flow.data !== undefined && keys.data !== undefined && (!asUser || user !== null);

  const start = () => {
    if (!flow.data || !keys.data) return;
    const caller = asUser && user ? ({ kind: 'user', userId: user.id } as const) : ({ kind: 'anonymous' } as const);
    attempt.mutate({ keys: keys.data, flow: flow.data, caller });
  };

  return (
    <section className="try-it" aria-label="Try it">
      <div className="toolbar">
        <h4 className="toolbar__title">Try it</h4>
        <fieldset className="check__options try-it__who">
          <legend className="sr-only">Start as</legend>
          <label>
            <input type="radio" name={name} checked={!asUser} onChange={() => setAsUser(false)} /> Not logged in (JS SDK)
          </label>
          <label>
            <input type="radio" name={name} checked={asUser} onChange={() => setAsUser(true)} /> A user (Call Flow from server
            code)
          </label>
        </fieldset>
        <button
          type="button"
          className="button button--small button--primary"
          disabled={!ready || attempt.isPending}
          onClick={start}
        >
          {attempt.isPending ? 'Starting…' : 'Start flow'}
        </button>
      </div>
      {asUser && <UserPicker flowId={flowId} picked={user} onPick={setUser} />}
      <p className="try-it__answer" role="status">
        {attempt.isError
          ? `Could not try: ${attempt.error.summary}`
          : attempt.data
            ? answerText(attempt.data, attempt.variables.caller.kind === 'user' ? user : null)
            : ''}
      </p>
    </section>
  );
}

function answerText(result: TryResult, user: PickedUser | null): string {
  const who = user ? displayName(user) : 'Not logged in';
  if (result.started) return `Started for ${who}: execution ${result.executionId}.`;
  if (result.code === DENIED) return `Denied for ${who}: ${result.message} (${result.status}).`;
  if (result.code === NOT_LIVE) return `Allowed for ${who}, but not started: ${result.message}.`;
  return `Refused for ${who}: ${result.message} (${result.status}, code ${result.code}).`;
}
