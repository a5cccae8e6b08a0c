import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type FocusEvent } from 'react';

interface WindowRowsOptions {
  count: number;
  /** Height of a row not measured yet, in px. */
  estimate: number;
  gap: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan: number;
  /** A stable key per row: heights are remembered by key, so a new search reuses them. */
  keyOf: (index: number) => string;
}

export interface WindowRow {
  index: number;
  /** From the top of the list, in px. */
  start: number;
}

/** Scroll positions are read in steps of this many px: finer than a row, coarser than a scroll event. */
const STEP = 40;

const subscribe = (onChange: () => void) => {
  window.addEventListener('scroll', onChange, { passive: true });
  window.addEventListener('resize', onChange);
  return () => {
    window.removeEventListener('scroll', onChange);
    window.removeEventListener('resize', onChange);
  };
};
const scrollStep = () => Math.floor(window.scrollY / STEP);
const viewportHeight = () => window.innerHeight;

/**
 * The rows of a list that scrolls with the window, so that 1,000 rows cost what a screenful does.
 * Rows may differ in height: each rendered row is measured (`measure` is its ref) and remembered.
 * The row that holds keyboard focus stays rendered, so scrolling never drops focus.
 */
export function useWindowRows<T extends HTMLElement>({ count, estimate, gap, overscan, keyOf }: WindowRowsOptions) {
  const listRef = useRef<T>(null);
  const [listTop, setListTop] = useState(0);
  useLayoutEffect(() => {
    setListTop(listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0);
  }, []);
  const step = useSyncExternalStore(subscribe, scrollStep, () => 0);
  const height = useSyncExternalStore(subscribe, viewportHeight, () => 800);

  const [heights, setHeights] = useState<ReadonlyMap<string, number>>(() => new Map());
  const starts = useMemo(() => {
    const result = new Float64Array(count + 1);
    for (let index = 0; index < count; index++) {
      result[index + 1] = (result[index] as number) + (heights.get(keyOf(index)) ?? estimate) + gap;
    }
    return result;
  }, [count, heights, keyOf, estimate, gap]);

  // The first row that ends below the viewport's top, and the last that starts above its bottom.
  const top = step * STEP - listTop;
  const firstSeen = firstIndex(count, (index) => (starts[index + 1] as number) > top);
  const lastSeen = firstIndex(count, (index) => (starts[index] as number) >= top + STEP + height) - 1;
  const first = Math.max(0, firstSeen - overscan);
  const last = Math.min(count - 1, Math.max(firstSeen, lastSeen) + overscan);

  const [focused, setFocused] = useState<number | null>(null);
  const rows: WindowRow[] = [];
  const row = (index: number) => ({ index, start: starts[index] as number });
  // In document order, so that Tab goes from the focused row to its neighbour in the DOM.
  if (focused !== null && focused < first) rows.push(row(focused));
  for (let index = first; index <= last; index++) rows.push(row(index));
  if (focused !== null && focused > last && focused < count) rows.push(row(focused));

  const keyOfRef = useRef(keyOf);
  useLayoutEffect(() => {
    keyOfRef.current = keyOf;
  }, [keyOf]);
  const observer = useRef<ResizeObserver | null>(null);
  useEffect(() => () => observer.current?.disconnect(), []);
  /** The ref of each rendered row, which must carry `data-index`. */
  const measure = useCallback((element: HTMLElement | null) => {
    if (!element) return;
    const record = (target: Element) => {
      const index = Number((target as HTMLElement).dataset.index);
      const measured = target.getBoundingClientRect().height;
      if (!Number.isInteger(index) || measured <= 0) return;
      const key = keyOfRef.current(index);
      setHeights((known) => (known.get(key) === measured ? known : new Map(known).set(key, measured)));
    };
    record(element);
    if (typeof ResizeObserver === 'undefined') return;
    observer.current ??= new ResizeObserver((entries) => entries.forEach((entry) => record(entry.target)));
    const watching = observer.current;
    watching.observe(element);
    return () => watching.unobserve(element);
  }, []);

  /** Spread on the list: remembers which row holds focus. */
  const focusHandlers = {
    onFocus: (event: FocusEvent) => {
      const holder = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
      if (holder) setFocused(Number(holder.dataset.index));
    },
    onBlur: (event: FocusEvent) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocused(null);
    },
  };
  const total = count === 0 ? 0 : (starts[count] as number) - gap;
  return { listRef, rows, total, measure, lastIndex: last, focusHandlers };
}

/** The smallest index in [0, count] from which `isPast` holds (it holds for every later index too). */
function firstIndex(count: number, isPast: (index: number) => boolean): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (isPast(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
