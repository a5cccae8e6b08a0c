import { useState } from 'react';
import { useUndoAuditEntry } from '../api/audit';
import type { UndoNotice } from './undo-toast';

/** Shows a change's toast: what changed, its audit entry (for Undo), and what Undo brings back. */
export type ShowChange = (done: string, auditEntry: string | null, undone: string) => void;

/**
 * A page's toast for its last audited change, whose Undo names the change's audit entry (a
 * compensating, version-checked write on the server: refused once the thing changed again).
 */
export function useAuditUndo() {
  const undo = useUndoAuditEntry();
  const [notice, setNotice] = useState<UndoNotice | null>(null);
  /** `done` says what changed, `undone` what Undo brought back; without an entry there is no Undo. */
  const show: ShowChange = (done, auditEntry, undone) =>
    setNotice({
      message: done,
      ...(auditEntry
        ? {
            undo: () =>
              undo.mutate(auditEntry, {
                onSuccess: () => setNotice({ message: undone }),
                onError: (error) => setNotice({ message: `Could not undo: ${error.message}` }),
              }),
          }
        : {}),
    });
  return { notice, show, dismiss: () => setNotice(null) };
}
