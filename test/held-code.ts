import { vi } from 'vitest';

/**
 * A page's module held back until the test lets it through: `vi.mock(path, held.hold)` makes every
 * import of the module wait for `open()`.
 */
export function heldCode() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    open,
    hold: async <T>(importOriginal: () => Promise<T>) => {
      await opened;
      return importOriginal();
    },
  };
}

/**
 * The console's clock (its timeouts) held from now on: a wait the console starts must not run out while
 * a loaded machine is slow to get to the test's next line. Real timers again (`vi.useRealTimers()`)
 * before anything waits on the page.
 */
export const holdTheClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
