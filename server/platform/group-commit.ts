/** Node's `setImmediate`; a browser (the demo runs this app) has none and gets a zero timeout. */
const { setImmediate: immediate } = globalThis as { setImmediate?: (run: () => void) => unknown };
const afterThisTurn = (run: () => void): void => void (immediate ? immediate(run) : setTimeout(run, 0));

export interface GroupCommitOptions {
  /** Most items written by one call of `write`; the rest wait for the next. */
  maxBatch?: number;
}

/**
 * Group commit: items that arrive together are written together, in one call of `write` (one
 * statement). An item that finds the writer idle waits for the rest of this turn of the event loop
 * (`setImmediate`: the requests already received are handled first, and theirs join it), never for
 * a clock; one that finds a write in flight waits for it and then goes with everything that arrived
 * meanwhile. Each item's promise settles when its own write has committed (or failed), so nobody is
 * told "done" for an item that is not stored. `write` answers each item (its results, in the items'
 * order): an item's promise resolves with its own result.
 */
export function groupCommit<T, R>(
  write: (items: readonly T[]) => Promise<readonly R[]>,
  { maxBatch = 500 }: GroupCommitOptions = {},
) {
  let queue: { item: T; done: (result: R) => void; failed: (error: unknown) => void }[] = [];
  let writing = false;

  async function drain() {
    writing = true;
    while (queue.length > 0) {
      // Almost always the whole queue: taken as it is, without copying it.
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = batch === queue ? [] : queue.slice(batch.length);
      try {
        const results = await write(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.done(results[index] as R));
      } catch (error) {
        for (const entry of batch) entry.failed(error);
      }
    }
    writing = false;
  }

  return function add(item: T): Promise<R> {
    return new Promise<R>((done, failed) => {
      queue.push({ item, done, failed });
      if (writing) return;
      // An embedded database (PGlite) runs each statement on this thread: without this turn, the
      // requests that arrived during one write would each be written alone, one after the other.
      writing = true;
      afterThisTurn(() => void drain());
    });
  };
}
