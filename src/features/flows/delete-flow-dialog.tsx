import { useDeleteFlow } from '../../api/flows';
import type { Flow } from '../../api/schemas';
import { Modal } from '../../ui/modal';

export function DeleteFlowDialog({ flow, onClose }: { flow: Flow; onClose: () => void }) {
  const remove = useDeleteFlow();
  return (
    <Modal
      open
      role="alertdialog"
      onOpenChange={(open) => !open && onClose()}
      title={`Delete ${flow.name}?`}
      description="This deletes the flow with all its versions and permissions. It cannot be undone."
    >
      {remove.error && (
        <p className="form__error" role="alert">
          Could not delete: {remove.error.message}
        </p>
      )}
      <div className="form__actions">
        <button type="button" className="button button--ghost" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(flow.id, { onSuccess: onClose })}
        >
          {remove.isPending ? 'Deleting…' : 'Delete flow'}
        </button>
      </div>
    </Modal>
  );
}
