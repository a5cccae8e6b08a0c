import { useId, useState, type FormEvent } from 'react';
import { useRenameFlow } from '../../api/flows';
import { flowNameSchema, type Flow } from '../../../contract/console';
import { Modal } from '../../ui/modal';
import { renameButtonId } from './flow-item';

export function RenameFlowDialog({ flow, onClose }: { flow: Flow; onClose: () => void }) {
  const [name, setName] = useState(flow.name);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const rename = useRenameFlow();
  const inputId = useId();
  const errorId = useId();

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
        onSuccess: onClose,
        onError: (error) => {
          if (error.status === 409 || error.status === 400) setFieldError(error.message);
        },
      },
    );
  };

  const otherError = rename.error && !fieldError ? rename.error.message : null;
  return (
    <Modal open onOpenChange={(open) => !open && onClose()} title={`Rename ${flow.name}`} returnFocusTo={renameButtonId(flow.id)}>
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
        <div className="form__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={rename.isPending}>
            {rename.isPending ? 'Saving…' : 'Rename'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
