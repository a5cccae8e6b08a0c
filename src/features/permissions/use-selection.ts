import { useCallback, useMemo, useRef, useState } from 'react';

/**
 * The users ticked in the list: single rows (shift-click ticks the range from the last one), or every
 * user the server found matching the list's search and filters ("Select all matching"), which may be
 * far more than the rows loaded.
 */
export interface Selection {
  ids: ReadonlySet<string>;
  /** The set came from "Select all matching": the server's, not the rows ticked. */
  allMatching: boolean;
}

const NONE: Selection = { ids: new Set(), allMatching: false };

export function useSelection() {
  const [selection, setSelection] = useState<Selection>(NONE);
  const anchor = useRef<number | undefined>(undefined);

  /** Ticks or unticks the row at `index` of `ids`; with shift, every row from the last one ticked. */
  const toggle = useCallback((ids: readonly string[], index: number, range: boolean) => {
    const id = ids[index];
    if (id === undefined) return;
    // Read the anchor now: the updater may run at the next render, after the anchor has moved here.
    const last = range ? anchor.current : undefined;
    const from = last !== undefined ? Math.min(last, index) : index;
    const to = last !== undefined ? Math.max(last, index) : index;
    setSelection((current) => {
      const next = new Set(current.ids);
      const on = !current.ids.has(id);
      for (let at = from; at <= to; at++) {
        const other = ids[at];
        if (other === undefined) continue;
        if (on) next.add(other);
        else next.delete(other);
      }
      return { ids: next, allMatching: false };
    });
    anchor.current = index;
  }, []);

  const selectAll = useCallback((ids: readonly string[]) => {
    anchor.current = undefined;
    setSelection({ ids: new Set(ids), allMatching: true });
  }, []);

  const clear = useCallback(() => {
    anchor.current = undefined;
    setSelection(NONE);
  }, []);

  return useMemo(() => ({ selection, toggle, selectAll, clear }), [selection, toggle, selectAll, clear]);
}
