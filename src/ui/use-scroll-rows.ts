import { useCallback, useState, type UIEvent } from 'react';

interface ScrollRowsOptions {
  count: number;
  /** Every row has this height, in px. */
  rowHeight: number;
  /** Rows rendered beyond each edge of the scroll box. */
  overscan: number;
  /** The scroll box's height until it is measured (and in jsdom, which has no layout). */
  initialHeight: number;
}

/**
 * The rows of a scroll box with rows of one height that are in view, plus `overscan` on each side:
 * what is rendered costs the same at 100 rows and at 100,000. A scroll re-renders only when it
 * crosses a row boundary.
 */
export function useScrollRows<T extends HTMLElement>({ count, rowHeight, overscan, initialHeight }: ScrollRowsOptions) {
  const [firstInView, setFirstInView] = useState(0);
  // Kept as a count of rows, not in px: a measured height that shows as many rows as the first guess
  // (438 px against 440) renders nothing again.
  const [rowsInView, setRowsInView] = useState(() => Math.ceil(initialHeight / rowHeight));

  /** The scroll box's ref: measures it, now and whenever it resizes. */
  const scrollRef = useCallback(
    (box: T | null) => {
      if (!box) return;
      const measure = () => setRowsInView(Math.ceil((box.clientHeight || initialHeight) / rowHeight));
      // A ResizeObserver reports the first size once layout is done, before the paint; reading
      // clientHeight here would force a layout of the whole new dialog in the middle of its commit.
      if (typeof ResizeObserver === 'undefined') return measure();
      const observer = new ResizeObserver(measure);
      observer.observe(box);
      return () => observer.disconnect();
    },
    [initialHeight, rowHeight],
  );

  const onScroll = useCallback(
    (event: UIEvent<HTMLElement>) => setFirstInView(Math.floor(event.currentTarget.scrollTop / rowHeight)),
    [rowHeight],
  );

  const first = Math.max(0, Math.min(firstInView, count - 1) - overscan);
  const last = Math.min(count - 1, firstInView + rowsInView + overscan);
  const indexes: number[] = [];
  for (let index = first; index <= last; index++) indexes.push(index);
  return { scrollRef, onScroll, indexes, lastIndex: last, totalHeight: count * rowHeight };
}
