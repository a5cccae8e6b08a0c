import { useInfiniteQuery } from '@tanstack/react-query';
import { accessQueries } from '../../api/access';
import type { Activation } from '../../../contract/access';
import { explainDecision } from '../../../domain/decision';
import { useDemoMode } from '../../ui/demo-mode';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states';
import { formatExact, timeAgo } from '../../ui/format-time';
import { CHANNEL_LABELS, SESSION_SOURCE_LABELS } from './labels';
import { TryIt } from './try-it';

const OUTCOME: Record<Activation['outcome'], { label: string; tone: string }> = {
  started: { label: 'Started', tone: 'grant' },
  denied: { label: 'Denied', tone: 'deny' },
  notLive: { label: 'Not LIVE', tone: 'muted' },
};

/** Recent activation attempts of this flow, newest first, refreshed while the tab is open. */
export function ActivityTab({ flowId }: { flowId: string }) {
  const activations = useInfiniteQuery({ ...accessQueries.activations(flowId), refetchInterval: 5000 });
  const demo = useDemoMode();

  if (activations.isPending) return <SkeletonRows count={6} label="Loading recent activations" />;
  if (activations.isError) {
    return (
      <ErrorState
        title="Could not load recent activations"
        message={activations.error.summary}
        details={activations.error.details}
        onRetry={() => void activations.refetch()}
      />
    );
  }
  const items = activations.data.pages.flatMap((page) => page.items);
  const total = activations.data.pages[0]?.total ?? 0;
  return (
    <div className="tab-panel">
      {demo && <TryIt flowId={flowId} />}
      <div className="toolbar">
        <h3 className="toolbar__title">Recent activations</h3>
        <span className="toolbar__count">{total === 0 ? '' : `${total.toLocaleString('en-US')} recorded`}</span>
      </div>
      {items.length === 0 ? (
        <EmptyState title="No one has tried to start this flow yet">
          Attempts through the API and the Call Flow block appear here within seconds, allowed or not.
        </EmptyState>
      ) : (
        <div className="rows rows--scroll rows--fit">
          <ul className="activity" aria-label="Recent activations">
            {items.map((activation) => (
              <ActivationRow key={activation.id} activation={activation} />
            ))}
          </ul>
          {activations.hasNextPage && (
            <div className="rows__more">
              <button
                type="button"
                className="button button--small"
                disabled={activations.isFetchingNextPage}
                onClick={() => void activations.fetchNextPage()}
              >
                {activations.isFetchingNextPage ? 'Loading…' : 'Show older'}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function ActivationRow({ activation }: { activation: Activation }) {
  const outcome = OUTCOME[activation.outcome];
  const who = activation.user ? activation.user.name || activation.user.email : 'Not logged in';
  const via = activation.sessionSource
    ? `Call Flow (session source: ${SESSION_SOURCE_LABELS[activation.sessionSource]})`
    : CHANNEL_LABELS[activation.channel];
  return (
    <li className="activity__item">
      <span className={`pill pill--${outcome.tone}`}>{outcome.label}</span>
      <div className="row__text">
        <span className="row__name">
          {who} <span className="activity__via">via {via}</span>
        </span>
        <span className="row__description">
          {explainDecision(activation.decision)} · roles: {activation.roles.join(', ')}
        </span>
      </div>
      <time className="activity__time" dateTime={activation.at} title={formatExact(activation.at)}>
        {timeAgo(activation.at)}
      </time>
    </li>
  );
}
