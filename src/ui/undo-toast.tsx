export interface UndoNotice {
  readonly message: string;
  /** The compensating change; absent when there is nothing to undo. */
  readonly undo?: () => void;
}

/** A toast for a page's last change, with Undo; it never takes focus and is read out politely. */
export function UndoToast({ notice, onDismiss }: { notice: UndoNotice | null; onDismiss: () => void }) {
  const shown = notice;
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {shown && (
        <div className="toast">
          <span className="toast__message">{shown.message}</span>
          {shown.undo && (
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                shown.undo?.();
                onDismiss();
              }}
            >
              Undo
            </button>
          )}
          <button type="button" className="button button--small button--ghost" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
