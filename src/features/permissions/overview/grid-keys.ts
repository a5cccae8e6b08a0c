/** A cell of a data grid: its row and column among the data cells (headers excluded). */
export interface GridPosition {
  readonly row: number;
  readonly col: number;
}

export interface GridSize {
  readonly rows: number;
  readonly cols: number;
  /** How many rows Page Up / Page Down move: the rows that fit in the viewport. */
  readonly pageRows: number;
}

const clamp = (value: number, max: number) => Math.max(0, Math.min(max, value));

/**
 * Where a key moves the active cell of a grid (WAI-ARIA grid pattern): arrows one cell, Home / End to
 * the row's first / last cell, Ctrl+Home / Ctrl+End to the grid's first / last cell, Page Up / Page
 * Down a viewport of rows. Movement stops at the edges. `null`: the key is not a move.
 */
export function moveInGrid(key: string, ctrl: boolean, at: GridPosition, size: GridSize): GridPosition | null {
  if (size.rows === 0 || size.cols === 0) return null;
  const lastRow = size.rows - 1;
  const lastCol = size.cols - 1;
  const to = (row: number, col: number) => ({ row: clamp(row, lastRow), col: clamp(col, lastCol) });
  switch (key) {
    case 'ArrowRight':
      return to(at.row, at.col + 1);
    case 'ArrowLeft':
      return to(at.row, at.col - 1);
    case 'ArrowDown':
      return to(at.row + 1, at.col);
    case 'ArrowUp':
      return to(at.row - 1, at.col);
    case 'Home':
      return ctrl ? to(0, 0) : to(at.row, 0);
    case 'End':
      return ctrl ? to(lastRow, lastCol) : to(at.row, lastCol);
    case 'PageDown':
      return to(at.row + Math.max(1, size.pageRows), at.col);
    case 'PageUp':
      return to(at.row - Math.max(1, size.pageRows), at.col);
    default:
      return null;
  }
}

/** The range of indexes to render along one axis: the visible ones plus `overscan` each side. */
export function visibleRange(
  scroll: number,
  viewport: number,
  size: number,
  count: number,
  overscan: number,
): { first: number; last: number } {
  if (count === 0) return { first: 0, last: -1 };
  const first = clamp(Math.floor(scroll / size) - overscan, count - 1);
  const last = clamp(Math.ceil((scroll + viewport) / size) + overscan - 1, count - 1);
  return { first, last };
}

/** The scroll offset that brings the item at `index` fully into a viewport (unchanged if it already is). */
export function scrollToShow(index: number, size: number, scroll: number, viewport: number): number {
  const start = index * size;
  const end = start + size;
  if (start < scroll) return start;
  if (end > scroll + viewport) return Math.max(0, end - viewport);
  return scroll;
}
