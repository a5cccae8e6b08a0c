import { render } from '@testing-library/react';
import { useEffect } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useAfterPaint } from '../../src/ui/after-paint';

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
});
