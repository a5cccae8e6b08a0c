import { render } from '@testing-library/react';
import { useEffect } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { afterPaint, useAfterPaint } from '../../src/ui/after-paint';

function Schedules({ work }: { work: () => void }) {
  const later = useAfterPaint();
  useEffect(() => later(work), [later, work]);
  return null;
}

describe('useAfterPaint', () => {
  it('runs the work after the paint while the component is there, and drops it once it has gone', async () => {
    const kept = vi.fn();
    render(<Schedules work={kept} />);
    await vi.waitFor(() => expect(kept).toHaveBeenCalledOnce());

    vi.useFakeTimers();
    try {
      const dropped = vi.fn();
      const { unmount } = render(<Schedules work={dropped} />);
      unmount();
      // Past the longest an afterPaint waits.
      vi.advanceTimersByTime(500);
      expect(dropped).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits for one frame for all the work a task schedules, and runs it in order', async () => {
    const frames = vi.spyOn(window, 'requestAnimationFrame');
    const timers = vi.spyOn(window, 'setTimeout');
    const done: number[] = [];
    try {
      // A click's task: its announcement, its toast and its outbox entry, each after the paint.
      for (const step of [1, 2, 3]) afterPaint(() => done.push(step));
      expect(frames).toHaveBeenCalledOnce();
      expect(timers).toHaveBeenCalledOnce();
      await vi.waitFor(() => expect(done).toEqual([1, 2, 3]));
      // The next task's work waits for a frame of its own.
      afterPaint(() => done.push(4));
      expect(frames).toHaveBeenCalledTimes(2);
      await vi.waitFor(() => expect(done).toEqual([1, 2, 3, 4]));
    } finally {
      frames.mockRestore();
      timers.mockRestore();
    }
  });

  it('spreads work that outlasts its slice over tasks, in order, so that it makes no long task', async () => {
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    // Each step says whether it runs in the task of the step before it: a microtask queued by one step
    // runs before the next only if the task ended in between.
    let task = 0;
    let sameTask = false;
    const runs: { step: number; task: number }[] = [];
    const step = (n: number) => () => {
      if (!sameTask) task++;
      sameTask = true;
      queueMicrotask(() => (sameTask = false));
      runs.push({ step: n, task });
      busy(30);
    };
    for (const n of [1, 2, 3]) afterPaint(step(n));
    await vi.waitFor(() => expect(runs).toHaveLength(3));
    expect(runs.map((run) => run.step)).toEqual([1, 2, 3]);
    expect(new Set(runs.map((run) => run.task)).size).toBe(3);
  });
});
