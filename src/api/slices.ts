/** Work on many items for at most this long before the page gets to paint and answer input. */
export const SLICE_MS = 8;

/** A new task: what is queued (input, a frame) runs first. */
export const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Calls `each` for every item, in slices of about SLICE_MS, each slice its own task: thousands of rows
 * (a bulk write's answer) never make one long task.
 */
export async function inSlices<T>(items: readonly T[], each: (item: T, index: number) => void): Promise<void> {
  let sliceStart = performance.now();
  for (const [index, item] of items.entries()) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await nextTask();
      sliceStart = performance.now();
    }
    each(item, index);
  }
}
