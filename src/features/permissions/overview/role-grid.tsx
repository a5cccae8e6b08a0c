import { useQueries } from '@tanstack/react-query';
import { memo, startTransition, useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { permissionQueries } from '../../../api/permissions';
import type { Flow, RolePermission } from '../../../../contract/console';
import { MatrixCell } from './matrix-cell';
import { moveInGrid, scrollToShow, visibleRange, type GridPosition } from './grid-keys';
import type { MatrixSelectionState } from './selection';

export const ROW_HEIGHT = 40;
export const COL_WIDTH = 128;
const HEAD_WIDTH = 220;
const HEAD_HEIGHT = 72;
const OVERSCAN = 1;

export interface GridRole {
  name: string;
  kind: 'system' | 'custom';
}

interface RoleGridProps {
  roles: readonly GridRole[];
  flows: readonly Flow[];
  totalFlows: number;
  /** Asked when the columns shown come near the last flow loaded. */
  onNearEnd: () => void;
  selection: MatrixSelectionState;
}

/**
 * The scroll container's offsets and size, read on scroll (one update per frame) and on resize. The
 * cells a new view brings render in a transition: React renders them in slices of a few milliseconds
 * (an update outside an event is not sliced), so a fast scroll or a jump (End, Ctrl+End) is never one
 * long task; the cell that has the focus is rendered whatever the view (see withIndex).
 */
function useViewport() {
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, left: 0, width: 1000, height: 600 });
  const frame = useRef(0);
  const read = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    const next = { top: element.scrollTop, left: element.scrollLeft, width: element.clientWidth, height: element.clientHeight };
    startTransition(() => setView(next));
  }, []);
  const onScroll = useCallback(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(read);
  }, [read]);
  useLayoutEffect(() => {
    read();
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(read);
    observer.observe(element);
    return () => observer.disconnect();
  }, [read]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  return { ref, view, onScroll, read };
}

const withIndex = (first: number, last: number, extra: number | undefined) => {
  const indexes: number[] = [];
  if (extra !== undefined && extra < first) indexes.push(extra);
  for (let index = first; index <= last; index++) indexes.push(index);
  if (extra !== undefined && extra > last) indexes.push(extra);
  return indexes;
};

/**
 * Roles (rows) by flows (columns), virtualized on both axes: only the cells in view (and the active
 * one, so focus is never lost) are in the DOM. Headers stick to the top and the left. One cell is in
 * the tab order (roving tabindex); the keys of the WAI-ARIA grid pattern move it.
 */
export const RoleGrid = memo(function RoleGrid({ roles, flows, totalFlows, onNearEnd, selection }: RoleGridProps) {
  const { ref, view, onScroll, read } = useViewport();
  const [active, setActive] = useState<GridPosition>({ row: 0, col: 0 });
  const focusWanted = useRef(false);
  const rows = roles.length;
  const cols = flows.length;
  const at = { row: Math.min(active.row, Math.max(0, rows - 1)), col: Math.min(active.col, Math.max(0, cols - 1)) };
  const cellsWidth = Math.max(0, view.width - HEAD_WIDTH);
  const cellsHeight = Math.max(0, view.height - HEAD_HEIGHT);
  const colRange = visibleRange(view.left, cellsWidth, COL_WIDTH, cols, OVERSCAN);
  const rowRange = visibleRange(view.top, cellsHeight, ROW_HEIGHT, rows, OVERSCAN);
  const colIndexes = withIndex(colRange.first, colRange.last, cols > 0 ? at.col : undefined);
  const rowIndexes = withIndex(rowRange.first, rowRange.last, rows > 0 ? at.row : undefined);

  const columns = useQueries({
    // The matrix's pages wrote these entries, and writes and invalidations keep them right: a column
    // scrolled into view again does not ask for its roles once more.
    queries: colIndexes.map((col) => ({ ...permissionQueries.roles((flows[col] as Flow).id), refetchOnMount: false })),
    combine: (results) => results.map((result) => result.data?.items),
  });
  const rowsByColumn = new Map<number, Map<string, RolePermission>>();
  colIndexes.forEach((col, index) => {
    const items = columns[index];
    if (items) rowsByColumn.set(col, new Map(items.map((row) => [row.name, row])));
  });

  useEffect(() => {
    if (colRange.last >= cols - 5) onNearEnd();
  }, [colRange.last, cols, onNearEnd]);

  useLayoutEffect(() => {
    if (!focusWanted.current) return;
    focusWanted.current = false;
    ref.current?.querySelector<HTMLButtonElement>(`[data-cell="${at.row}:${at.col}"]`)?.focus();
  });

  const onActivate = useCallback((row: number, col: number) => {
    setActive((current) => (current.row === row && current.col === col ? current : { row, col }));
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!(event.target instanceof HTMLElement) || event.target.dataset.cell === undefined) return;
    // The grid pattern's selection keys: Shift+Space the row (a role), Ctrl+Space the column (a flow).
    if (event.key === ' ' && (event.shiftKey || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      const role = roles[at.row];
      const flow = flows[at.col];
      if (event.shiftKey && role) selection.toggleRole(role.name);
      else if (flow) selection.toggleFlow(flow.id);
      return;
    }
    const pageRows = Math.max(1, Math.floor(cellsHeight / ROW_HEIGHT));
    const next = moveInGrid(event.key, event.ctrlKey || event.metaKey, at, { rows, cols, pageRows });
    if (!next) return;
    event.preventDefault();
    const element = ref.current;
    if (element) {
      element.scrollTop = scrollToShow(next.row, ROW_HEIGHT, element.scrollTop, cellsHeight);
      element.scrollLeft = scrollToShow(next.col, COL_WIDTH, element.scrollLeft, cellsWidth);
      read();
    }
    focusWanted.current = true;
    setActive(next);
  };

  const width = HEAD_WIDTH + Math.max(cols, totalFlows) * COL_WIDTH;
  return (
    <div
      ref={ref}
      role="grid"
      aria-label="Roles by flow"
      aria-rowcount={rows + 1}
      aria-colcount={totalFlows + 1}
      aria-multiselectable="true"
      className="ogrid"
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div className="ogrid__canvas" style={{ width, height: HEAD_HEIGHT + rows * ROW_HEIGHT }}>
        <div role="row" aria-rowindex={1} className="ogrid__head" style={{ width, height: HEAD_HEIGHT }}>
          <div role="columnheader" aria-colindex={1} className="ogrid__corner" style={{ width: HEAD_WIDTH }}>
            Role
          </div>
          {colIndexes.map((col) => {
            const flow = flows[col] as Flow;
            return (
              <div
                key={flow.id}
                role="columnheader"
                aria-colindex={col + 2}
                className="ogrid__colhead"
                style={{ left: HEAD_WIDTH + col * COL_WIDTH, width: COL_WIDTH }}
                title={`${flow.name} (${flow.status})`}
              >
                <span className="ogrid__colname">{flow.name}</span>
                {/* Out of the tab order: Ctrl+Space on a cell selects its flow. */}
                <input
                  type="checkbox"
                  tabIndex={-1}
                  aria-label={`Select ${flow.name}`}
                  checked={selection.selection.flows.has(flow.id)}
                  onChange={() => selection.toggleFlow(flow.id)}
                />
              </div>
            );
          })}
        </div>
        {rowIndexes.map((rowIndex) => {
          const role = roles[rowIndex] as GridRole;
          return (
            <div
              key={role.name}
              role="row"
              aria-rowindex={rowIndex + 2}
              className="ogrid__row"
              style={{ top: HEAD_HEIGHT + rowIndex * ROW_HEIGHT, width, height: ROW_HEIGHT }}
            >
              <div role="rowheader" aria-colindex={1} className="ogrid__rowhead" style={{ width: HEAD_WIDTH }}>
                {/* Out of the tab order: Shift+Space on a cell selects its role. */}
                <input
                  type="checkbox"
                  tabIndex={-1}
                  aria-label={`Select ${role.name}`}
                  checked={selection.selection.roles.has(role.name)}
                  onChange={() => selection.toggleRole(role.name)}
                />
                {role.name}
                {role.kind === 'system' && <span className="ogrid__kind"> · system</span>}
              </div>
              {colIndexes.map((col) => {
                const flow = flows[col] as Flow;
                const row = rowsByColumn.get(col)?.get(role.name);
                if (!row) {
                  return (
                    <div
                      key={flow.id}
                      role="gridcell"
                      aria-colindex={col + 2}
                      className="ogrid__cell"
                      style={{ left: HEAD_WIDTH + col * COL_WIDTH }}
                    />
                  );
                }
                return (
                  <MatrixCell
                    key={flow.id}
                    flowId={flow.id}
                    flowName={flow.name}
                    row={row}
                    rowIndex={rowIndex}
                    colIndex={col}
                    left={HEAD_WIDTH + col * COL_WIDTH}
                    tabbable={rowIndex === at.row && col === at.col}
                    selected={selection.isSelected(flow.id, role.name)}
                    onActivate={onActivate}
                    onSelect={selection.toggleCell}
                  />
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
});
