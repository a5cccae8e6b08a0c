import { DiscardedError } from '../../api/outbox';
import { useRestoredReports } from '../../api/outbox-restore';
import { ConflictError } from '../../api/permission-writes';
import type { RowWriter } from '../../api/permissions';
import type { Inherited } from '../../../contract/console';
import { nextValue, stateLabel, type ExplicitValue } from '../../../domain/permission';
import { useFeedback } from './feedback';
import { afterPaint } from '../../ui/after-paint';
import { usePreparedSignal } from '../../ui/prepared';
import { formatWhen } from '../../ui/format-time';
import { useExposureGuard } from './use-exposure-guard';

interface Row {
  value: ExplicitValue;
  inherited: Inherited;
}

/**
 * What a click on a row's toggle does, for user and role rows alike: save at once, announce the new
 * state, offer Undo (a compensating write), report each failure once, and turn a conflict with another
 * administrator into a notice with "keep theirs" and "apply mine".
 */
export function useRowSave(flowId: string, key: string, name: string, row: Row | undefined, writer: RowWriter<Row>) {
  const { announce, fail, conflict, resolve, notify, retext } = useFeedback();
  const guard = useExposureGuard(flowId);
  const label = (value: ExplicitValue, inherited = row?.inherited.value ?? 'grant') => `${name}: ${stateLabel(value, inherited)}`;

  const report = (error: Error) => {
    // Discarded from the outbox by the administrator: nothing to tell.
    if (error instanceof DiscardedError) return;
    if (!(error instanceof ConflictError)) {
      fail(key, `Could not save ${name}: ${error.message.replace(/\.?$/, '.')} The row shows the value the server holds.`);
      return;
    }
    const theirs = error.current as Row & ConflictError['current'];
    if (theirs.value === error.mine) {
      resolve(key);
      return;
    }
    const who = theirs.changed ? ` by ${theirs.changed.by} at ${formatWhen(theirs.changed.at)}` : '';
    conflict({
      key,
      message: `${name} was changed${who}: it is now ${stateLabel(theirs.value, theirs.inherited.value)}.`,
      theirs: stateLabel(theirs.value, theirs.inherited.value),
      mine: stateLabel(error.mine, theirs.inherited.value),
      applyMine: () => save(error.mine, true),
    });
  };

  // A report is taken once: a dialog rendered ahead (and maybe never opened) leaves it for the open one.
  useRestoredReports(writer.target, report, usePreparedSignal());

  /**
   * Shows `value` on the row at once and queues its write once that frame is painted: the click's
   * frame holds the row's render alone, the write's bookkeeping (its burst, the ledger, the outbox, the
   * announcement, the toast) follows it. Saves made in one frame are queued in the order they were
   * made, so that clicks in quick succession still join one write (write-bursts).
   */
  function save(value: ExplicitValue, now: boolean, offerUndo = false): void {
    const queue = writer.show(value);
    afterPaint(() => {
      announce(label(value));
      resolve(key);
      const { saved, joined, before } = queue({ now });
      // A click that joined a queued write is reported with it, once.
      if (!joined) {
        saved.then((saved) => {
          if (!writer.drained()) return;
          // The toast says what the row says: "saving" until the row's last write is in.
          retext(key, label(saved.value, saved.inherited.value));
          void guard(() => save(before, true));
        }, report);
      }
      // Undo goes back to the value shown before the first of the clicks this one joins.
      if (offerUndo) notify({ key, message: `${label(value)} (saving…)`, undo: () => save(before, true) });
    });
  }

  return {
    /**
     * A click: the next state of the cycle after the one the row shows now (a second click can come
     * before the first one's render). Clicks in quick succession are one write.
     */
    cycle: () => save(nextValue(writer.current() ?? row?.value ?? null), false, true),
    /** A chosen state (the menu, a key): sent at once; nothing when the row shows it already. */
    choose: (value: ExplicitValue) => {
      if (value !== (writer.current() ?? row?.value ?? null)) save(value, true, true);
    },
  };
}
