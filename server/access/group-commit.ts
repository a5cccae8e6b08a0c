export interface GroupCommitOptions {
  /** Most items written by one call of `write`; the rest wait for the next. */
  maxBatch?: number;
}

/**
 * Group commit: items that arrive while a write is in flight are written together by the next one,
 * in one call of `write` (one statement). There is no timer: an item that finds the writer idle is
 * written at once, and one that finds it busy waits for the write in flight and then goes with
 * everything that arrived meanwhile. Each item's promise settles when its own write has committed
 * (or failed), so nobody is told "done" for an item that is not stored.
 */
export function groupCommit<T>(write: (items: readonly T[]) => Promise<void>, { maxBatch = 500 }: GroupCommitOptions = {}) {
  let queue: { item: T; done: () => void; failed: (error: unknown) => void }[] = [];
  let writing = false;

  async function drain() {
    writing = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await write(batch.map((entry) => entry.item));
        for (const entry of batch) entry.done();
      } catch (error) {
        for (const entry of batch) entry.failed(error);
      }
    }
    writing = false;
  }

  return function add(item: T): Promise<void> {
    return new Promise<void>((done, failed) => {
      queue.push({ item, done, failed });
      if (!writing) void drain();
    });
  };
}
