import { memo } from 'react';
import { liveFlashClass, useLiveChange } from '../../../api/live-changes';
import { useSetRolePermission, useWriteState } from '../../../api/permissions';
import type { RolePermission } from '../../../../contract/console';
import { explainDecision } from '../../../../domain/decision';
import { effectiveValue, stateLabel } from '../../../../domain/permission';
import { StateIcon } from '../../../ui/icons';
import { useRowSave } from '../use-row-save';
import { STATE_KEYSHORTCUTS, useStateShortcuts } from '../use-state-shortcuts';

interface MatrixCellProps {
  flowId: string;
  flowName: string;
  row: RolePermission;
  rowIndex: number;
  colIndex: number;
  left: number;
  tabbable: boolean;
  selected: boolean;
  onActivate: (row: number, col: number) => void;
  /** Ctrl/Cmd+click: select or unselect the cell instead of changing it. */
  onSelect: (flowId: string, role: string) => void;
}

/**
 * One role on one flow: the modal's role row in a cell. Same icon, same cycle, and the same save path
 * (optimistic write queue, conflicts, Undo), writing the cache entry the Permissions dialog reads.
 */
export const MatrixCell = memo(function MatrixCell({
  flowId,
  flowName,
  row,
  rowIndex,
  colIndex,
  left,
  tabbable,
  selected,
  onActivate,
  onSelect,
}: MatrixCellProps) {
  const name = `${row.name} on ${flowName}`;
  const change = useRowSave(flowId, `overview:${flowId}:role:${row.name}`, name, row, useSetRolePermission(flowId, row.name));
  const writeState = useWriteState(flowId, 'role', row.name);
  const shortcuts = useStateShortcuts(name, row.value, change.choose);
  const shown = effectiveValue(row.value, row.inherited.value);
  const tone = row.value === null ? 'inherited' : row.value;
  // Another administrator changed it while this page showed it: the cell took the new value and version.
  const liveChange = useLiveChange(flowId, `role:${row.name}`);
  const state =
    row.value === null
      ? `Inherited: ${explainDecision(row.inherited)}.`
      : `${row.value === 'grant' ? 'Granted' : 'Denied'} for this flow.`;
  const tooltip = liveChange ? `${state}\nChanged by ${liveChange.by}` : state;
  return (
    <div
      role="gridcell"
      aria-colindex={colIndex + 2}
      aria-selected={selected}
      className={`ogrid__cell${writeState === 'idle' ? '' : ' ogrid__cell--saving'}${selected ? ' ogrid__cell--selected' : ''}`}
      style={{ left }}
    >
      <button
        type="button"
        data-cell={`${rowIndex}:${colIndex}`}
        tabIndex={tabbable ? 0 : -1}
        className={`toggle toggle--${tone} toggle--shows-${shown} ${liveFlashClass(liveChange, 'toggle--live')}`.trimEnd()}
        aria-label={`${name}: ${stateLabel(row.value, row.inherited.value)}`}
        title={tooltip}
        aria-keyshortcuts={STATE_KEYSHORTCUTS}
        onContextMenu={shortcuts.onContextMenu}
        onKeyDown={shortcuts.onKeyDown}
        onFocus={() => onActivate(rowIndex, colIndex)}
        onClick={(event) => {
          if (event.ctrlKey || event.metaKey) onSelect(flowId, row.name);
          else change.cycle();
        }}
      >
        <StateIcon shows={shown} />
      </button>
    </div>
  );
});
