import { describe, expect, it } from 'vitest';
import { moveInGrid, scrollToShow, visibleRange } from '../../src/features/permissions/overview/grid-keys';

const size = { rows: 30, cols: 1000, pageRows: 10 };
const at = { row: 5, col: 7 };

describe('the grid keyboard model', () => {
  it('moves one cell with the arrows and stops at the edges', () => {
    expect(moveInGrid('ArrowRight', false, at, size)).toEqual({ row: 5, col: 8 });
    expect(moveInGrid('ArrowLeft', false, at, size)).toEqual({ row: 5, col: 6 });
    expect(moveInGrid('ArrowDown', false, at, size)).toEqual({ row: 6, col: 7 });
    expect(moveInGrid('ArrowUp', false, at, size)).toEqual({ row: 4, col: 7 });
    expect(moveInGrid('ArrowUp', false, { row: 0, col: 0 }, size)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid('ArrowLeft', false, { row: 0, col: 0 }, size)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid('ArrowRight', false, { row: 29, col: 999 }, size)).toEqual({ row: 29, col: 999 });
    expect(moveInGrid('ArrowDown', false, { row: 29, col: 999 }, size)).toEqual({ row: 29, col: 999 });
  });

  it("goes to the row's ends with Home and End, and to the grid's with Ctrl", () => {
    expect(moveInGrid('Home', false, at, size)).toEqual({ row: 5, col: 0 });
    expect(moveInGrid('End', false, at, size)).toEqual({ row: 5, col: 999 });
    expect(moveInGrid('Home', true, at, size)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid('End', true, at, size)).toEqual({ row: 29, col: 999 });
  });

  it('moves a viewport of rows with Page Up and Page Down, stopping at the first and last row', () => {
    expect(moveInGrid('PageDown', false, at, size)).toEqual({ row: 15, col: 7 });
    expect(moveInGrid('PageDown', false, { row: 25, col: 7 }, size)).toEqual({ row: 29, col: 7 });
    expect(moveInGrid('PageUp', false, at, size)).toEqual({ row: 0, col: 7 });
    expect(moveInGrid('PageDown', false, at, { ...size, pageRows: 0 })).toEqual({ row: 6, col: 7 });
  });

  it('ignores other keys and empty grids', () => {
    expect(moveInGrid('Enter', false, at, size)).toBeNull();
    expect(moveInGrid('a', false, at, size)).toBeNull();
    expect(moveInGrid('ArrowRight', false, at, { rows: 0, cols: 0, pageRows: 10 })).toBeNull();
  });

  it('renders the visible items plus an overscan, within the list', () => {
    expect(visibleRange(0, 500, 100, 1000, 1)).toEqual({ first: 0, last: 5 });
    expect(visibleRange(1050, 500, 100, 1000, 1)).toEqual({ first: 9, last: 16 });
    expect(visibleRange(99_800, 500, 100, 1000, 2)).toEqual({ first: 996, last: 999 });
    expect(visibleRange(0, 500, 100, 0, 1)).toEqual({ first: 0, last: -1 });
  });

  it('scrolls just enough to show an item', () => {
    expect(scrollToShow(3, 100, 0, 500)).toBe(0);
    expect(scrollToShow(7, 100, 0, 500)).toBe(300);
    expect(scrollToShow(2, 100, 400, 500)).toBe(200);
  });
});
