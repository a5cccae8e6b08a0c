import { useQuery } from '@tanstack/react-query';
import type { WhoCanStart } from '../../../contract/who-can-start';
import { liveFlashClass, useLiveChange, WHO_CAN_START_ROW } from '../../api/live-changes';
import { whoCanStartQueries } from '../../api/who-can-start';

const count = (n: number) => n.toLocaleString('en-US');

/** The summary's words: who among anonymous callers, server code and users can start the flow. */
export function whoCanStartText({ anonymous, serverCode, users }: WhoCanStart): string {
  const ofUsers = `${count(users.allowed)} of ${count(users.total)} users`;
  if (anonymous === 'all') return users.allowed > 0 ? `Anyone · ${ofUsers}` : 'Anonymous callers only';
  if (anonymous === 'some') return `Anonymous callers on some API keys · ${ofUsers}`;
  if (users.allowed > 0) return `Logged-in users only · ${ofUsers}`;
  return serverCode ? 'Server code only' : 'Nobody';
}

/** One flow's line in the Flow Manager; it loads on its own, after the list has painted. */
export function WhoCanStartLine({ flowId }: { flowId: string }) {
  const { data, isError } = useQuery(whoCanStartQueries.flow(flowId));
  // Another administrator's permission change made it read differently.
  const changed = useLiveChange(flowId, WHO_CAN_START_ROW);
  return (
    <p className={`flow__who ${liveFlashClass(changed)}`.trimEnd()} title={changed ? `Changed by ${changed.by}` : undefined}>
      <span className="sr-only">Who can start: </span>
      {data ? whoCanStartText(data) : isError ? 'Who can start: not available' : <span aria-hidden="true">…</span>}
    </p>
  );
}
