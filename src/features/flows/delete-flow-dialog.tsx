import { useRef, useState } from 'react';
import { useDeleteFlow } from '../../api/flows';
import type { Flow } from '../../../contract/console';
import type { ImpactRequest } from '../../../contract/impact-request';
import { ImpactPreview, useImpact } from '../../ui/impact-dialog';
import { Modal } from '../../ui/modal';
import { deleteButtonId, FLOW_SEARCH_ID } from './flow-item';

/** The confirmation states what the delete does first (who started it by name lately, whose access goes). */
export function DeleteFlowDialog({ flow, onClose }: { flow: Flow; onClose: () => void }) {
  const remove = useDeleteFlow();
  const [proposal] = useState<ImpactRequest>(() => ({ kind: 'flow-delete', flowId: flow.id }));
  const impact = useImpact(proposal);
  // Once the flow is gone, so is its Delete button: focus goes to the search field instead.
  const deleted = useRef(false);
  return (
    <Modal
      open
      returnFocusTo={() => (deleted.current ? FLOW_SEARCH_ID : deleteButtonId(flow.id))}
      role="alertdialog"
      size="large"
      onOpenChange={(open) => !open && onClose()}
      title={`Delete ${flow.name}?`}
      description="This deletes the flow with all its versions and permissions. It cannot be undone."
    >
      <ImpactPreview impact={impact} />
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
          disabled={remove.isPending || !impact.data}
          onClick={() =>
            remove.mutate(flow.id, {
              onSuccess: () => {
                deleted.current = true;
                onClose();
              },
            })
          }
        >
          {remove.isPending ? 'Deleting…' : 'Delete flow'}
        </button>
      </div>
    </Modal>
  );
}
