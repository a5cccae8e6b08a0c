import { DiscardedError } from '../../api/outbox';
import { useRestoredReports } from '../../api/outbox-restore';
import { ConflictError } from '../../api/permission-writes';
import type { RowWriter } from '../../api/permissions';
import type { Inherited } from '../../../contract/console';
import { stateLabel, type ExplicitValue } from '../../../domain/permission';
import { useFeedback } from './feedback';
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
      applyMine: () => save(error.mine, theirs.value),
    });
  };

  useRestoredReports(writer.target, report);

  function save(value: ExplicitValue, previous: ExplicitValue) {
    announce(label(value));
    resolve(key);
    writer.save(value).then(() => {
      if (!writer.drained()) return;
      // The toast says what the row says: "saving" until the row's last write is in.
      retext(key, label(value));
      void guard(() => save(previous, value));
    }, report);
  }

  /** A click: the new value, with Undo back to the value shown before it. */
  return (value: ExplicitValue) => {
    const previous = row?.value ?? null;
    save(value, previous);
    notify({ key, message: `${label(value)} (saving…)`, undo: () => save(previous, value) });
  };
}
