import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { AUDIT_KINDS, type AuditEntry } from '../../../contract/audit';
import { type AuditFilter } from '../../../contract/audit-query';
import { AUDIT_PAGE_SIZE, auditQueries, downloadAuditExport, useUndoAuditEntry } from '../../api/audit';
import { formatExact, formatWhen } from '../../ui/format-time';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states';
import { describeAuditChange, KIND_LABELS } from './audit-text';

/** Day inputs (yyyy-mm-dd, local) as the API's ISO times: `since` at the day's start, `until` after its end. */
const dayStart = (day: string) => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined);
const dayAfter = (day: string) => {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + 1);
  return date.toISOString();
};

interface Fields {
  by: string;
  kind: string;
  from: string;
  to: string;
}
const EMPTY: Fields = { by: '', kind: '', from: '', to: '' };

/** A filter picked from a row (a flow or a principal): the id the API filters by, the name people read. */
interface Picked {
  readonly id: string;
  readonly label: string;
}
interface Picks {
  readonly flow?: Picked;
  readonly principal?: Picked;
}

function filterOf(fields: Fields, picks: Picks): AuditFilter {
  const kind = AUDIT_KINDS.find((candidate) => candidate === fields.kind);
  const since = dayStart(fields.from);
  const until = dayAfter(fields.to);
  return {
    ...(fields.by.trim() ? { by: fields.by.trim() } : {}),
    ...(kind ? { kind } : {}),
    ...(picks.flow ? { flowId: picks.flow.id } : {}),
    ...(picks.principal ? { principal: picks.principal.id } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
}

/** Every change an administrator made, and the console's sign-ins: newest first, filtered, exported. */
export function AuditPage() {
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [picks, setPicks] = useState<Picks>({});
  const [filter, setFilter] = useState<AuditFilter>({});
  const [offset, setOffset] = useState(0);
  const [exportError, setExportError] = useState<string | null>(null);
  const log = useQuery(auditQueries.page(filter, offset));
  const undo = useUndoAuditEntry();
  const [undoNote, setUndoNote] = useState<string | null>(null);
  // A compensating write: the server refuses it (412) once the thing changed again since.
  const undoEntry = (entry: AuditEntry) =>
    undo.mutate(entry.id, {
      onSuccess: () => setUndoNote(`Undone: ${describeAuditChange(entry)}.`),
      onError: (error) => setUndoNote(`Could not undo: ${error.message}`),
    });
  const field = (name: keyof Fields) => ({
    value: fields[name],
    onChange: (event: { target: { value: string } }) => setFields({ ...fields, [name]: event.target.value }),
  });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter(filterOf(fields, picks));
    setOffset(0);
  };
  const pick = (next: Picks) => {
    setPicks(next);
    setFilter(filterOf(fields, next));
    setOffset(0);
  };

  const exportAs = (format: 'csv' | 'json') => {
    setExportError(null);
    downloadAuditExport(filter, format).catch((error: unknown) => setExportError(String(error)));
  };
  return (
    <main className="page">
      <header className="page__header">
        <div>
          <h1 className="page__title">Audit log</h1>
          <p className="page__subtitle">Every change made in this console, who made it and when, and every sign-in.</p>
        </div>
        <div className="page__actions">
          <button type="button" className="button" onClick={() => exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" className="button" onClick={() => exportAs('json')}>
            Export JSON
          </button>
        </div>
      </header>
      <form className="audit-filters" aria-label="Filters" onSubmit={apply}>
        <label>
          Who
          <input type="search" maxLength={320} {...field('by')} />
        </label>
        <label>
          Kind of change
          <select {...field('kind')}>
            <option value="">Any</option>
            {AUDIT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" {...field('from')} />
        </label>
        <label>
          To
          <input type="date" {...field('to')} />
        </label>
        <button type="submit" className="button button--primary">
          Apply filters
        </button>
      </form>
      <ActiveFilters picks={picks} onPick={pick} />
      <p className="audit-note" role="status">
        {undoNote}
      </p>
      {exportError && (
        <p className="form__error" role="alert">
          {exportError}
        </p>
      )}
      {log.isPending ? (
        <SkeletonRows count={8} label="Loading the audit log" />
      ) : log.isError && !log.data ? (
        <ErrorState title="Could not load the audit log" message={log.error.summary} onRetry={() => void log.refetch()} />
      ) : log.data.total === 0 ? (
        <EmptyState title="No entries">Changes and sign-ins appear here as they happen.</EmptyState>
      ) : (
        <>
          <div className="panel audit-table-wrap">
            <table className="audit-table" aria-label="Audit log entries" aria-busy={log.isPlaceholderData || undefined}>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Change</th>
                  <th scope="col">Flow</th>
                  <th scope="col">Principal</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                  <th scope="col">
                    <span className="sr-only">Undo</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((entry) => (
                  <AuditRow
                    key={entry.id}
                    entry={entry}
                    onFlow={(flow) => pick({ ...picks, flow })}
                    onPrincipal={(principal) => pick({ ...picks, principal })}
                    onUndo={undoEntry}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} shown={log.data.items.length} total={log.data.total} onOffset={setOffset} />
        </>
      )}
    </main>
  );
}

/** The kinds of change that Undo reverses with a compensating write. */
const UNDOABLE = new Set<AuditEntry['kind']>([
  'permission.value',
  'app-wide.value',
  'flow.rename',
  'flow.status',
  'role.membership',
]);

/** The filters picked from rows, each with a button that removes it. */
function ActiveFilters({ picks, onPick }: { picks: Picks; onPick: (picks: Picks) => void }) {
  const chips = [
    ...(picks.flow ? [{ label: `Flow: ${picks.flow.label}`, without: { ...picks, flow: undefined } }] : []),
    ...(picks.principal ? [{ label: `Principal: ${picks.principal.label}`, without: { ...picks, principal: undefined } }] : []),
  ];
  if (chips.length === 0) {
    return <p className="audit-filters__hint">Click a flow or a principal in the table to see only its changes.</p>;
  }
  return (
    <ul className="audit-filters__active" aria-label="Active filters">
      {chips.map(({ label, without }) => (
        <li key={label} className="chip chip--filter">
          <span dir="auto">{label}</span>
          <button type="button" className="chip__remove" aria-label={`Remove filter ${label}`} onClick={() => onPick(without)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A name in a row that narrows the log to its thing. */
function PickButton({ label, name, onPick }: { label: string; name: string; onPick: () => void }) {
  return (
    <button type="button" className="audit-table__pick" aria-label={label} title={label} dir="auto" onClick={onPick}>
      {name}
    </button>
  );
}

function AuditRow({
  entry,
  onFlow,
  onPrincipal,
  onUndo,
}: {
  entry: AuditEntry;
  onFlow: (flow: Picked) => void;
  onPrincipal: (principal: Picked) => void;
  onUndo: (entry: AuditEntry) => void;
}) {
  const { flow, principal } = entry;
  return (
    <tr>
      <td>
        <time dateTime={entry.at} title={formatExact(entry.at)}>
          {formatWhen(entry.at)}
        </time>
      </td>
      <td dir="auto">{entry.by}</td>
      <td>{describeAuditChange(entry)}</td>
      <td>
        {flow && (
          <PickButton
            label={`Only flow ${flow.name}`}
            name={flow.name}
            onPick={() => onFlow({ id: flow.id, label: flow.name })}
          />
        )}
      </td>
      <td>
        {principal && (
          <PickButton
            label={`Only ${principal.kind} ${principal.name}`}
            name={principal.name}
            onPick={() => onPrincipal({ id: `${principal.kind}:${principal.id}`, label: principal.name })}
          />
        )}
      </td>
      <td dir="auto">{entry.before ?? (entry.kind === 'permission.value' ? 'inherited' : '')}</td>
      <td dir="auto">{entry.after ?? (entry.kind === 'permission.value' ? 'inherited' : '')}</td>
      <td>
        {UNDOABLE.has(entry.kind) && (
          <button
            type="button"
            className="button button--small"
            aria-label={`Undo: ${[describeAuditChange(entry), entry.flow?.name, entry.principal?.name].filter(Boolean).join(', ')}`}
            onClick={() => onUndo(entry)}
          >
            Undo
          </button>
        )}
      </td>
    </tr>
  );
}

function Pager({
  offset,
  shown,
  total,
  onOffset,
}: {
  offset: number;
  shown: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  return (
    <nav className="pager" aria-label="Audit log pages">
      <button
        type="button"
        className="button button--small"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - AUDIT_PAGE_SIZE))}
      >
        Newer
      </button>
      <span className="pager__where">
        {offset + 1}–{offset + shown} of {total.toLocaleString('en-US')}
      </span>
      <button
        type="button"
        className="button button--small"
        disabled={offset + AUDIT_PAGE_SIZE >= total}
        onClick={() => onOffset(offset + AUDIT_PAGE_SIZE)}
      >
        Older
      </button>
    </nav>
  );
}
