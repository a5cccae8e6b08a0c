import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { flowQueries } from '../../api/flows';
import { useCreateFlow, useSetFlowStatus } from '../../api/manage';
import { flowStatusSchema, type Flow } from '../../../contract/console';
import { createFlowSchema } from '../../../contract/manage';
import type { FlowStatus } from '../../../domain/flow';
import { ErrorState, SkeletonRows } from '../../ui/states';
import type { ShowChange } from '../../ui/use-audit-undo';
import './manage.css';

const STATUSES = flowStatusSchema.options;

export function FlowsSection({ onChanged }: { onChanged: ShowChange }) {
  const flows = useInfiniteQuery(flowQueries.list(''));
  const items = flows.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="panel manage-section" aria-labelledby="manage-flows">
      <h2 id="manage-flows" className="manage-section__title">
        Flows
      </h2>
      <NewFlowForm />
      {flows.isPending ? (
        <SkeletonRows count={4} label="Loading flows" />
      ) : flows.isError ? (
        <ErrorState title="Could not load flows" message={flows.error.message} onRetry={() => void flows.refetch()} />
      ) : (
        <ul className="manage-list">
          {items.map((flow) => (
            <FlowStatusRow key={flow.id} flow={flow} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </section>
  );
}

function FlowStatusRow({ flow, onChanged }: { flow: Flow; onChanged: ShowChange }) {
  const setStatus = useSetFlowStatus();
  const shown = setStatus.isPending ? setStatus.variables.status : flow.status;
  return (
    <li className="row">
      <div className="row__text">
        <span className="row__name">{flow.name}</span>
        {setStatus.isError && (
          <span className="form__error" role="alert">
            Could not set the status: {setStatus.error.message}
          </span>
        )}
      </div>
      <select
        className="input manage-select"
        aria-label={`Status of ${flow.name}`}
        value={shown}
        onChange={(event) => {
          const before = flow.status;
          setStatus.mutate(
            { flowId: flow.id, status: event.target.value as FlowStatus },
            {
              onSuccess: ({ flow: saved, auditEntry }) =>
                onChanged(`${saved.name} is ${saved.status}.`, auditEntry, `${saved.name} is ${before} again (undone).`),
            },
          );
        }}
      >
        {STATUSES.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
      </select>
    </li>
  );
}

function NewFlowForm() {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [status, setStatus] = useState<FlowStatus>('NOT READY');
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const create = useCreateFlow();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = createFlowSchema.safeParse({ name, description, status });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'Check the flow');
    setError(null);
    create.mutate(parsed.data, {
      onSuccess: (flow) => {
        setCreated(flow.name);
        setName('');
        setDescription('');
      },
      onError: (failure) => setError(failure.message),
    });
  };

  return (
    <form className="form manage-form" onSubmit={submit} noValidate aria-label="New flow">
      <div className="manage-form__fields">
        <label className="field">
          <span className="form__label">Flow name</span>
          <input className="input" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="field">
          <span className="form__label">Description</span>
          <input className="input" value={description} onChange={(event) => setDescription(event.target.value)} />
        </label>
        <label className="field">
          <span className="form__label">Status</span>
          <select className="input" value={status} onChange={(event) => setStatus(event.target.value as FlowStatus)}>
            {STATUSES.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create flow'}
        </button>
      </div>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      {created && !error && (
        <p className="manage-form__note" role="status">
          Created {created}
        </p>
      )}
    </form>
  );
}
