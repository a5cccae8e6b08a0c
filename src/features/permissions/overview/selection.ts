import { useCallback, useMemo, useState } from 'react';

/** What the administrator selected in the matrix: whole roles (rows), whole flows (columns), single cells. */
export interface MatrixSelection {
  roles: ReadonlySet<string>;
  flows: ReadonlySet<string>;
  /** `flowId` and role name joined by a NUL. */
  cells: ReadonlySet<string>;
}

export const cellKey = (flowId: string, role: string) => `${flowId}\u0000${role}`;

const toggled = <T>(set: ReadonlySet<T>, item: T) => {
  const next = new Set(set);
  if (!next.delete(item)) next.add(item);
  return next;
};

const EMPTY: MatrixSelection = { roles: new Set(), flows: new Set(), cells: new Set() };

export function useMatrixSelection() {
  const [selection, setSelection] = useState<MatrixSelection>(EMPTY);
  const toggleRole = useCallback((role: string) => setSelection((s) => ({ ...s, roles: toggled(s.roles, role) })), []);
  const toggleFlow = useCallback((flowId: string) => setSelection((s) => ({ ...s, flows: toggled(s.flows, flowId) })), []);
  const toggleCell = useCallback(
    (flowId: string, role: string) => setSelection((s) => ({ ...s, cells: toggled(s.cells, cellKey(flowId, role)) })),
    [],
  );
  const clear = useCallback(() => setSelection(EMPTY), []);
  const isSelected = useCallback(
    (flowId: string, role: string) =>
      selection.roles.has(role) || selection.flows.has(flowId) || selection.cells.has(cellKey(flowId, role)),
    [selection],
  );
  const empty = selection.roles.size === 0 && selection.flows.size === 0 && selection.cells.size === 0;
  return useMemo(
    () => ({ selection, toggleRole, toggleFlow, toggleCell, clear, isSelected, empty }),
    [selection, toggleRole, toggleFlow, toggleCell, clear, isSelected, empty],
  );
}

export type MatrixSelectionState = ReturnType<typeof useMatrixSelection>;
