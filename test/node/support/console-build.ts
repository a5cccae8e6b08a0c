import { buildConsole } from './server';

interface Shared {
  built: Promise<{ dir: string; remove(): void }>;
  holders: number;
}

const KEY = Symbol.for('flow-console-tests:console-build');
const registry = globalThis as typeof globalThis & { [KEY]?: Shared | undefined };

/**
 * One production build of the console per test run, for every global setup that needs one: they all
 * run in Vitest's main process, and a build costs tens of seconds on a small, busy machine. The
 * folder goes when the last holder releases it.
 */
export async function shareConsoleBuild(): Promise<{ dir: string; release(): void }> {
  const shared = (registry[KEY] ??= { built: buildConsole(), holders: 0 });
  shared.holders += 1;
  let built: { dir: string; remove(): void };
  try {
    built = await shared.built;
  } catch (error) {
    shared.holders -= 1;
    if (registry[KEY] === shared) registry[KEY] = undefined;
    throw error;
  }
  let released = false;
  return {
    dir: built.dir,
    release() {
      if (released) return;
      released = true;
      shared.holders -= 1;
      if (shared.holders > 0) return;
      if (registry[KEY] === shared) registry[KEY] = undefined;
      built.remove();
    },
  };
}
