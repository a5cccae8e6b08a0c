import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AUDIT_PAGE_SIZE as HISTORY_PAGE_SIZE, auditQueries } from '../../api/audit';
import type { AuditEntry } from '../../../contract/audit';
import type { ExplicitValue } from '../../../domain/permission';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states';
import { formatExact, formatWhen } from '../../ui/format-time';
import { KIND_LABELS } from '../audit/audit-text';

const VALUE: Record<'grant' | 'deny' | 'inherited', { label: string; tone: string }> = {
  grant: { label: 'granted', tone: 'grant' },
  deny: { label: 'denied', tone: 'deny' },
  inherited: { label: 'inherited', tone: 'muted' },
};

function Value({ value }: { value: ExplicitValue }) {
  const { label, tone } = VALUE[value ?? 'inherited'];
  return <span className={`pill pill--${tone}`}>{label}</span>;
}

const explicit = (text: string | null): ExplicitValue => (text === 'grant' || text === 'deny' ? text : null);

const FLOW_CHANGES: Partial<Record<AuditEntry['kind'], string>> = {
  'flow.create': 'Flow created',
  'flow.rename': 'Flow renamed',
  'flow.status': 'Status changed',
  'flow.delete': 'Flow deleted',
};

/**
 * The audit log filtered to this flow: who changed which principal's value, or the flow itself (name,
 * status), from what to what and when; newest first, a page at a time.
 */
export function HistoryTab({ flowId }: { flowId: string }) {
  const [offset, setOffset] = useState(0);
  const history = useQuery({ ...auditQueries.page({ flowId }, offset), placeholderData: keepPreviousData });

  if (history.isPending) return <SkeletonRows count={6} label="Loading history" />;
  if (history.isError && !history.data) {
    return (
      <ErrorState
        title="Could not load the history"
        message={history.error.summary}
        details={history.error.details}
        onRetry={() => void history.refetch()}
      />
    );
  }
  const { items, total } = history.data;
  const first = history.data.offset + 1;
  const paged = total > HISTORY_PAGE_SIZE || offset > 0;
  return (
    <div className="tab-panel">
      <div className="toolbar">
        <h3 className="toolbar__title">Changes on this flow</h3>
        <span className="toolbar__count">
          {total === 0 ? '' : `${total.toLocaleString('en-US')} ${total === 1 ? 'change' : 'changes'}`}
        </span>
      </div>
      {total === 0 ? (
        <EmptyState title="No changes yet">
          Every change of a user&apos;s or a role&apos;s value on this flow, and of its name and status, appears here with who
          made it and when.
        </EmptyState>
      ) : (
        <>
          <div className="rows rows--scroll rows--fit" role="region" aria-label="History of changes" tabIndex={0}>
            <ol className="activity" aria-label="Changes, newest first" aria-busy={history.isPlaceholderData || undefined}>
              {items.map((entry) => (
                <HistoryRow key={entry.id} entry={entry} />
              ))}
            </ol>
          </div>
          {/* Where this page sits always; Newer and Older only when there is another page to go to. */}
          <nav className="pager" aria-label="History pages">
            {paged && (
              <button
                type="button"
                className="button button--small"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - HISTORY_PAGE_SIZE))}
              >
                Newer
              </button>
            )}
            <span className="pager__where">
              {first}–{first + items.length - 1} of {total}
            </span>
            {paged && (
              <button
                type="button"
                className="button button--small"
                disabled={offset + HISTORY_PAGE_SIZE >= total}
                onClick={() => setOffset(offset + HISTORY_PAGE_SIZE)}
              >
                Older
              </button>
            )}
          </nav>
        </>
      )}
    </div>
  );
}

function HistoryRow({ entry }: { entry: AuditEntry }) {
  if (entry.kind !== 'permission.value' || !entry.principal) {
    return (
      <li className="activity__item">
        <div className="row__text">
          <span className="row__name">{FLOW_CHANGES[entry.kind] ?? KIND_LABELS[entry.kind]}</span>
          <span className="row__description">
            Flow · by <span dir="auto">{entry.by}</span>
          </span>
        </div>
        <span className="history__change">
          <span className="sr-only">changed from </span>
          <span dir="auto">{entry.before ?? ''}</span>
          <span aria-hidden="true">→</span>
          <span className="sr-only"> to </span>
          <span dir="auto">{entry.after ?? ''}</span>
        </span>
        <time className="activity__time" dateTime={entry.at} title={formatExact(entry.at)}>
          {formatWhen(entry.at)}
        </time>
      </li>
    );
  }
  return (
    <li className="activity__item">
      <div className="row__text">
        <span className="row__name" dir="auto">
          {entry.principal.name}
        </span>
        <span className="row__description">
          {entry.principal.kind === 'user' ? 'User' : 'Role'} · by <span dir="auto">{entry.by}</span>
        </span>
      </div>
      <span className="history__change">
        <span className="sr-only">changed from </span>
        <Value value={explicit(entry.before)} />
        <span aria-hidden="true">→</span>
        <span className="sr-only"> to </span>
        <Value value={explicit(entry.after)} />
      </span>
      <time className="activity__time" dateTime={entry.at} title={formatExact(entry.at)}>
        {formatWhen(entry.at)}
      </time>
    </li>
  );
}
