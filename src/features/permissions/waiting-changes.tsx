import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, useSyncExternalStore } from 'react';
import { outboxOf, type OutboxItem } from '../../api/outbox';
import { useRestoreOutbox } from '../../api/outbox-restore';
import { useAskBeforeLeaving } from '../../ui/leave-guard';

const countLabel = (count: number) => `${count} ${count === 1 ? 'change' : 'changes'} waiting`;

/** The waiting writes by flow, in the order of their first write. */
function byFlow(items: readonly OutboxItem[]) {
  const flows = new Map<string, { flowName: string; items: OutboxItem[] }>();
  for (const item of items) {
    const flow = flows.get(item.flowId) ?? { flowName: item.flowName, items: [] };
    flow.items.push(item);
    flows.set(item.flowId, flow);
  }
  return [...flows.entries()];
}

/**
 * The top bar's word on writes that are not saved yet (offline, retrying, queued, or left by the page
 * before a reload): how many, which, and a way to discard each. While there are any, leaving the page
 * asks first. It also sends again, when the page starts, what an earlier page left.
 */
export function WaitingChanges() {
  useRestoreOutbox();
  const outbox = outboxOf(useQueryClient());
  const waiting = useSyncExternalStore(outbox.subscribe, outbox.waiting);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const any = waiting.length > 0;

  useAskBeforeLeaving(any);

  if (!any) return null;
  return (
    <div className="scenario outbox">
      <button
        ref={button}
        type="button"
        className="button button--small outbox__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {countLabel(waiting.length)}
      </button>
      {open && (
        <div
          id={panelId}
          className="scenario__panel outbox__panel"
          role="group"
          aria-label="Changes waiting to be saved"
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            setOpen(false);
            button.current?.focus();
          }}
        >
          {byFlow(waiting).map(([flowId, flow]) => (
            <section key={flowId} aria-label={flow.flowName}>
              <h3 className="role-group__title">{flow.flowName}</h3>
              <ul className="role-group__list">
                {flow.items.map((item) => (
                  <li key={item.writeId} className="scenario__check">
                    <span dir="auto">
                      {item.principalName}: {item.targetLabel}
                    </span>
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Discard ${item.principalName}: ${item.targetLabel}`}
                      onClick={() => outbox.remove(item.writeId)}
                    >
                      Discard
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
