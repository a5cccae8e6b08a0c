/** The offset of the page after `last`, or undefined when `last` was the final page (for infinite queries). */
export function nextOffset(last: { offset: number; total: number }, received: number): number | undefined {
  const next = last.offset + received;
  return next < last.total && received > 0 ? next : undefined;
}
