import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../server/platform/group-commit';

/** A write that settles when the test says so, and the batches it was given. */
function controlledWrites() {
  const batches: (readonly string[])[] = [];
  const pending: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  const write = (items: readonly string[]) =>
    new Promise<readonly string[]>((resolve, reject) => {
      batches.push(items);
      pending.push({ resolve: () => resolve(items.map((item) => item.toUpperCase())), reject });
    });
  return { batches, pending, write };
}

const settled = async (promise: Promise<unknown>) => {
  let state = 'pending';
  promise.then(
    () => (state = 'done'),
    () => (state = 'failed'),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

describe('group commit', () => {
  it('writes items that arrive in one turn together, in their order, however the writer found them', async () => {
    const { batches, pending, write } = controlledWrites();
    const add = groupCommit(write);
    const first = [add('a'), add('b'), add('c')];
    await expect.poll(() => batches.length).toBe(1);
    expect(batches).toEqual([['a', 'b', 'c']]);
    pending[0]?.resolve();
    // Each item gets its own answer from the write.
    expect(await Promise.all(first)).toEqual(['A', 'B', 'C']);
  });

  it('answers each item only once its own write committed; those that came meanwhile go in the next write', async () => {
    const { batches, pending, write } = controlledWrites();
    const add = groupCommit(write);
    const a = add('a');
    await expect.poll(() => batches.length).toBe(1);
    const b = add('b');
    const c = add('c');
    expect(await settled(a)).toBe('pending');
    pending[0]?.resolve();
    await a;
    await expect.poll(() => batches.length).toBe(2);
    expect(batches[1]).toEqual(['b', 'c']);
    expect(await settled(b)).toBe('pending');
    pending[1]?.reject(new Error('disk full'));
    await expect(b).rejects.toThrow('disk full');
    await expect(c).rejects.toThrow('disk full');
  });

  it('keeps a batch to maxBatch items', async () => {
    const { batches, pending, write } = controlledWrites();
    const add = groupCommit(write, { maxBatch: 2 });
    const all = ['a', 'b', 'c'].map(add);
    await expect.poll(() => batches.length).toBe(1);
    pending[0]?.resolve();
    await expect.poll(() => batches.length).toBe(2);
    pending[1]?.resolve();
    await Promise.all(all);
    expect(batches).toEqual([['a', 'b'], ['c']]);
  });
});
