import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { ExplicitValue } from '../../../domain/permission';
import {
  changeOf,
  copyChanges,
  diffExplicitValues,
  fetchExplicitValues,
  type CopyDiff,
  type ExplicitRow,
} from '../../api/explicit-values';
import { flowQueries } from '../../api/flows';
import type { BatchChangeInput } from '../../../contract/batch';
import type { ImpactRequest } from '../../../contract/impact-request';
import { ImpactPreview, useImpact } from '../../ui/impact-dialog';
import { impactOfBatch, useBulkWrite } from './use-bulk-write';
import './flow-bulk-actions.css';

const WORD: Record<'grant' | 'deny', string> = { grant: 'granted', deny: 'denied' };
const word = (value: ExplicitValue) => (value ? WORD[value] : 'inherited');
const values = (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'value' : 'values'}`;
const changes = (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'change' : 'changes'}`;

/** A batch ready to confirm, with the impact preview's question for it. */
interface Batch {
  changes: BatchChangeInput[];
  impact: ImpactRequest;
}
const batchOf = (changes: BatchChangeInput[]): Batch | null =>
  changes.length === 0 ? null : { changes, impact: impactOfBatch(changes) };

type Step =
  | { kind: 'idle' }
  | { kind: 'reset'; rows: ExplicitRow[]; batch: Batch | null }
  | { kind: 'copy'; sourceId: string; diff: CopyDiff | null; batch: Batch | null }
  | { kind: 'error'; message: string };

/**
 * Whole-flow changes: reset every explicit value, or copy another flow's; each one batch write, whose
 * confirmation states its impact (computed by the server) before it is sent.
 */
export function FlowBulkActions({ flowId }: { flowId: string }) {
  const queryClient = useQueryClient();
  const { run, pending } = useBulkWrite();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const impact = useImpact(step.kind === 'reset' || step.kind === 'copy' ? (step.batch?.impact ?? null) : null);
  const close = () => setStep({ kind: 'idle' });
  const failed = (error: unknown) =>
    setStep({ kind: 'error', message: `Could not read the values: ${error instanceof Error ? error.message : 'unknown error'}` });

  const startReset = () =>
    fetchExplicitValues(queryClient, flowId).then(
      (rows) => setStep({ kind: 'reset', rows, batch: batchOf(rows.map((row) => changeOf(flowId, row, null))) }),
      failed,
    );
  const pickSource = (sourceId: string) => {
    setStep({ kind: 'copy', sourceId, diff: null, batch: null });
    if (!sourceId) return;
    Promise.all([fetchExplicitValues(queryClient, sourceId), fetchExplicitValues(queryClient, flowId)]).then(
      ([source, target]) =>
        setStep((current) =>
          current.kind === 'copy' && current.sourceId === sourceId ? copyStep(flowId, sourceId, source, target) : current,
        ),
      failed,
    );
  };

  return (
    <div className="flow-actions">
      <div className="flow-actions__buttons">
        <button type="button" className="button button--small" disabled={pending} onClick={() => void startReset()}>
          Reset all to inherited
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={pending}
          onClick={() => setStep({ kind: 'copy', sourceId: '', diff: null, batch: null })}
        >
          Copy from another flow
        </button>
      </div>
      {step.kind === 'error' && (
        <p className="flow-actions__panel" role="alert">
          {step.message}{' '}
          <button type="button" className="button button--small" onClick={close}>
            Close
          </button>
        </p>
      )}
      {step.kind === 'reset' && (
        <div className="flow-actions__panel" role="group" aria-label="Reset all to inherited">
          {step.rows.length === 0 ? (
            <p>Nothing to reset: no user or role has an explicit value on this flow.</p>
          ) : (
            <p>Reset {values(step.rows.length)} on this flow to inherited? Every user and role then inherits again.</p>
          )}
          {step.batch && <ImpactPreview impact={impact} />}
          <div className="flow-actions__buttons">
            {step.batch && (
              <button
                type="button"
                className="button button--small button--danger"
                disabled={pending || !impact.data}
                onClick={() => {
                  if (!step.batch) return;
                  run(step.batch.changes, `Reset ${values(step.rows.length)} to inherited.`);
                  close();
                }}
              >
                Reset {values(step.rows.length)}
              </button>
            )}
            <button type="button" className="button button--small" onClick={close}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {step.kind === 'copy' && (
        <CopyPanel
          flowId={flowId}
          sourceId={step.sourceId}
          diff={step.diff}
          pending={pending || !impact.data}
          preview={step.batch && <ImpactPreview impact={impact} />}
          onPick={pickSource}
          onApply={() => {
            if (!step.batch) return;
            run(step.batch.changes, `Applied ${changes(step.batch.changes.length)} copied from another flow.`);
            close();
          }}
          onCancel={close}
        />
      )}
    </div>
  );
}

interface CopyPanelProps {
  flowId: string;
  sourceId: string;
  diff: CopyDiff | null;
  pending: boolean;
  /** The batch's impact, once there is a batch. */
  preview: ReactNode;
  onPick: (sourceId: string) => void;
  onApply: () => void;
  onCancel: () => void;
}

function CopyPanel({ flowId, sourceId, diff, pending, preview, onPick, onApply, onCancel }: CopyPanelProps) {
  const flows = useInfiniteQuery(flowQueries.list(''));
  const others = (flows.data?.pages.flatMap((page) => page.items) ?? []).filter((flow) => flow.id !== flowId);
  const total = diff ? diff.added.length + diff.changed.length + diff.removed.length : 0;
  return (
    <div className="flow-actions__panel" role="group" aria-label="Copy from another flow">
      <label className="users-filter">
        Copy from
        <select className="input users-filter__select" value={sourceId} onChange={(event) => onPick(event.target.value)}>
          <option value="">Choose a flow…</option>
          {others.map((flow) => (
            <option key={flow.id} value={flow.id}>
              {flow.name}
            </option>
          ))}
        </select>
      </label>
      {sourceId && !diff && <p role="status">Comparing…</p>}
      {diff && (
        <>
          <p role="status">
            {total === 0
              ? 'This flow already has the same explicit values.'
              : `${changes(total)}: ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed.`}
          </p>
          <DiffList title="Added" items={diff.added.map(({ row, to }) => `${row.name}: ${word(to)}`)} />
          <DiffList title="Changed" items={diff.changed.map(({ row, from, to }) => `${row.name}: ${word(from)} → ${word(to)}`)} />
          <DiffList title="Removed" items={diff.removed.map(({ row, from }) => `${row.name}: ${word(from)} → inherited`)} />
          {preview}
        </>
      )}
      <div className="flow-actions__buttons">
        {diff && total > 0 && (
          <button type="button" className="button button--small button--primary" disabled={pending} onClick={onApply}>
            Apply {changes(total)}
          </button>
        )}
        <button type="button" className="button button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** Copying `source` onto the flow `flowId`: the differences, and the batch that removes them. */
const copyStep = (flowId: string, sourceId: string, source: ExplicitRow[], target: ExplicitRow[]): Step => {
  const diff = diffExplicitValues(source, target);
  return { kind: 'copy', sourceId, diff, batch: batchOf(copyChanges(flowId, diff)) };
};

const SHOWN = 50;

function DiffList({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <section className="flow-actions__diff" aria-label={`${title} (${items.length})`}>
      <h4>
        {title} ({items.length.toLocaleString('en-US')})
      </h4>
      <ul>
        {items.slice(0, SHOWN).map((item, index) => (
          <li key={index} dir="auto">
            {item}
          </li>
        ))}
        {items.length > SHOWN && <li>and {(items.length - SHOWN).toLocaleString('en-US')} more</li>}
      </ul>
    </section>
  );
}
