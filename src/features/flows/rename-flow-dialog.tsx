import { useId, useState, type FormEvent } from 'react';
import { useRenameFlow } from '../../api/flows';
import { flowNameSchema, type Flow } from '../../../contract/console';
import type { Impact } from '../../../contract/impact';
import type { ImpactRequest } from '../../../contract/impact-request';
import { ImpactPreview, useImpact } from '../../ui/impact-dialog';
import { Modal } from '../../ui/modal';
import { renameButtonId } from './flow-item';

export interface Renamed {
  from: string;
  flow: Flow;
  auditEntry: string | null;
}

const number = (value: number) => value.toLocaleString('en-US');

/** Who would get "not found" after the rename: the callers that started the flow by its name lately. */
function byNameWarning(impact: Impact): string | null {
  const byName = impact.byName;
  if (!byName || byName.attempts === 0) return null;
  const callers = byName.callers.map((caller) => caller.caller ?? 'anonymous callers');
  const attempts = `${number(byName.attempts)} ${byName.attempts === 1 ? 'attempt' : 'attempts'}`;
  return `Renaming breaks apps that start it by name: ${attempts} by ${callers.join(', ')} in the last ${impact.replay.days} days.`;
}

export function RenameFlowDialog({
  flow,
  onClose,
  onRenamed,
}: {
  flow: Flow;
  onClose: () => void;
  onRenamed: (renamed: Renamed) => void;
}) {
  const [name, setName] = useState(flow.name);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const rename = useRenameFlow();
  const inputId = useId();
  const errorId = useId();
  // A LIVE flow's rename breaks whoever starts it by name: the preview comes first, as the dialog opens
  // (what it counts does not depend on the new name).
  const live = flow.status === 'LIVE';
  const [proposal] = useState<ImpactRequest | null>(() =>
    live ? { kind: 'flow-rename', flowId: flow.id, name: flow.name } : null,
  );
  const impact = useImpact(proposal);
  const warning = impact.data ? byNameWarning(impact.data) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = flowNameSchema.safeParse(name);
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message ?? 'Invalid name');
      return;
    }
    if (parsed.data === flow.name) {
      onClose();
      return;
    }
    rename.mutate(
      { flowId: flow.id, name: parsed.data },
      {
        onSuccess: ({ flow: renamed, auditEntry }) => {
          onRenamed({ from: flow.name, flow: renamed, auditEntry });
          onClose();
        },
        onError: (error) => {
          if (error.status === 409 || error.status === 400) setFieldError(error.message);
        },
      },
    );
  };

  const otherError = rename.error && !fieldError ? rename.error.message : null;
  return (
    <Modal
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Rename ${flow.name}`}
      size={live ? 'large' : 'small'}
      returnFocusTo={renameButtonId(flow.id)}
    >
      {warning && (
        <p className="form__error impact__warning" role="alert">
          {warning}
        </p>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <label htmlFor={inputId} className="form__label">
          Flow name
        </label>
        <input
          id={inputId}
          className="input"
          value={name}
          autoFocus
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? errorId : undefined}
          onChange={(event) => {
            setName(event.target.value);
            setFieldError(null);
          }}
        />
        {fieldError && (
          <p id={errorId} className="form__error" role="alert">
            {fieldError}
          </p>
        )}
        {otherError && (
          <p className="form__error" role="alert">
            Could not rename: {otherError}
          </p>
        )}
        {live && <ImpactPreview impact={impact} />}
        <div className="form__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={`button ${live ? 'button--danger' : 'button--primary'}`}
            disabled={rename.isPending || (live && !impact.data)}
          >
            {rename.isPending ? 'Saving…' : live ? 'Rename flow' : 'Rename'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
