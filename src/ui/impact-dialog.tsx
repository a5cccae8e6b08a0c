import { useEffect, useRef } from 'react';
import type { Impact } from '../../contract/impact';
import type { ImpactRequest } from '../../contract/impact-request';
import { useImpactPreview } from '../api/impact';
import { formatExact, formatWhen } from './format-time';
import { Modal } from './modal';
import { ErrorState, SkeletonRows } from './states';

const number = (value: number) => value.toLocaleString('en-US');
const plural = (count: number, one: string, many = `${one}s`) => `${number(count)} ${count === 1 ? one : many}`;

export interface ImpactDialogProps {
  /** The change to preview; the dialog is open while there is one. */
  proposal: ImpactRequest | null;
  title: string;
  /** The confirming button names the action, e.g. "Deny app-wide". */
  action: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** Whether the action takes access away (a red button) or not. */
  destructive?: boolean;
}

/**
 * Before a broad change: what it would do, computed by the server on the real data (who gains or loses
 * access, anonymous callers apart, and the last days' attempts replayed), then the action or Cancel.
 */
export function ImpactDialog({ proposal, title, action, onConfirm, onCancel, destructive = true }: ImpactDialogProps) {
  const impact = useImpact(proposal);
  return (
    <Modal
      open={proposal !== null}
      onOpenChange={(open) => {
        if (!open) onCancel();
      }}
      title={title}
      role="alertdialog"
      size="medium"
    >
      <ImpactPreview impact={impact} />
      <div className="form__actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className={`button ${destructive ? 'button--danger' : 'button--primary'}`}
          disabled={!impact.data}
          onClick={onConfirm}
        >
          {action}
        </button>
      </div>
    </Modal>
  );
}

/**
 * The server's answer for a proposal, asked again whenever the proposal changes (keep its identity
 * stable: a new object is a new question).
 */
export function useImpact(proposal: ImpactRequest | null) {
  const preview = useImpactPreview();
  const { mutate, reset } = preview;
  // Reset only what was asked: a reset notifies and re-renders even with nothing to clear, and every
  // closed confirmation (two of them in the Permissions dialog) did so just after the dialog opened.
  const asked = useRef(false);
  useEffect(() => {
    if (proposal) {
      asked.current = true;
      mutate(proposal);
    } else if (asked.current) {
      asked.current = false;
      reset();
    }
  }, [proposal, mutate, reset]);
  return {
    data: preview.data,
    error: preview.isError ? preview.error : null,
    retry: () => {
      if (proposal) mutate(proposal);
    },
  };
}

/** The impact, where a confirmation shows it: the numbers, or while they come a skeleton, or the error. */
export function ImpactPreview({ impact }: { impact: ReturnType<typeof useImpact> }) {
  return (
    <div className="impact">
      {impact.error ? (
        <ErrorState title="Could not compute the impact" message={impact.error.summary} onRetry={impact.retry} />
      ) : impact.data ? (
        <ImpactSummary impact={impact.data} />
      ) : (
        <SkeletonRows count={4} label="Computing the impact" />
      )}
    </div>
  );
}

export function ImpactSummary({ impact }: { impact: Impact }) {
  const { users, anonymous, replay, byName } = impact;
  const anonymousText =
    anonymous.flowsLosing + anonymous.flowsGaining === 0
      ? 'Callers with nobody logged in: no change.'
      : `Callers with nobody logged in lose ${plural(anonymous.flowsLosing, 'flow')} and gain ${plural(anonymous.flowsGaining, 'flow')}.`;
  return (
    <>
      <ul className="impact__facts" aria-label="Impact">
        <li>
          {number(users.losing)} of {number(users.total)} users lose access to at least one flow; {number(users.gaining)} gain
          access.
        </li>
        <li>{anonymousText}</li>
        <li>
          {number(replay.refused)} of the {number(replay.attempts)} activation attempts of the last {replay.days} days would have
          been refused ({plural(replay.callers, 'caller')}).
        </li>
        {byName && (
          <li>
            {byName.attempts === 0
              ? `Nobody started this flow by its name in the last ${replay.days} days.`
              : `${plural(byName.attempts, 'attempt')} started this flow by its name in the last ${replay.days} days: ` +
                `those callers would get "not found" after the change.`}
          </li>
        )}
      </ul>
      {byName && byName.callers.length > 0 && (
        <section aria-label="Callers by name">
          <h3 className="impact__title">Started it by name</h3>
          <ul className="impact__list">
            {byName.callers.map((caller) => (
              <li key={caller.caller ?? ''} dir="auto">
                {caller.caller ?? 'Nobody logged in'}: {plural(caller.attempts, 'attempt')}
              </li>
            ))}
          </ul>
        </section>
      )}
      {impact.flows.length > 0 && (
        <section aria-label="Flows whose access changes">
          <h3 className="impact__title">
            Flows whose access changes ({number(impact.flowsChanged)}
            {impact.flowsChanged > impact.flows.length ? `, the first ${number(impact.flows.length)}` : ''})
          </h3>
          <ul className="impact__list">
            {impact.flows.map((flow) => (
              <li key={flow.id}>
                <span dir="auto">{flow.name}</span>: {number(flow.usersLosing)} users lose, {number(flow.usersGaining)} gain
                {flow.anonymous ? `; anonymous callers ${flow.anonymous === 'loses' ? 'lose' : 'gain'}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
      {replay.items.length > 0 && (
        <section aria-label="Attempts that would have been refused">
          <h3 className="impact__title">Attempts that would have been refused</h3>
          <ul className="impact__list">
            {replay.items.map((item, index) => (
              <li key={`${item.at}-${index}`}>
                <time dateTime={item.at} title={formatExact(item.at)}>
                  {formatWhen(item.at)}
                </time>{' '}
                <span dir="auto">{item.caller ?? 'Nobody logged in'}</span> ({item.channel}
                {item.byName ? ', by name' : ''}) → <span dir="auto">{item.flowName}</span>
                {item.attempts > 1 ? ` × ${number(item.attempts)}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
