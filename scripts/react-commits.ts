/**
 * Counting the components each React commit rendered, from React's DevTools hook (React calls it in
 * production builds too). `reactCommits` must run before React loads: as a page's init script
 * (scripts/bench-trace.ts) or first in a test setup file. It keeps the commits in `window.__commits`,
 * except while `window.__commitsPaused` is true (the unit tests' setup pauses it: a test that counts
 * turns it on).
 */
export interface Commit {
  at: number;
  rendered: Record<string, number>;
}

/** Runs in the page: counts the components each React commit rendered (React calls the DevTools hook in production too). */
export function reactCommits() {
  const commits: { at: number; rendered: Record<string, number> }[] = [];
  (window as unknown as { __commits: typeof commits }).__commits = commits;
  const nameOf = (type: unknown): string => {
    if (typeof type === 'function')
      return (type as { displayName?: string; name: string }).displayName ?? (type as { name: string }).name;
    const object = type as { displayName?: string; render?: { name: string }; type?: unknown } | null;
    return object?.displayName ?? object?.render?.name ?? (object?.type ? nameOf(object.type) : '?');
  };
  interface Fiber {
    tag: number;
    type: unknown;
    flags: number;
    child: Fiber | null;
    sibling: Fiber | null;
    alternate: Fiber | null;
  }
  const COMPONENT_TAGS = new Set([0, 1, 11, 14, 15]);
  const PERFORMED_WORK = 1;
  const walk = (fiber: Fiber, rendered: Record<string, number>) => {
    if (COMPONENT_TAGS.has(fiber.tag) && (fiber.alternate === null || (fiber.flags & PERFORMED_WORK) !== 0)) {
      const name = nameOf(fiber.type);
      rendered[name] = (rendered[name] ?? 0) + 1;
    }
    // A subtree React did not enter keeps its children: nothing under it rendered.
    if (fiber.alternate !== null && fiber.child === fiber.alternate.child) return;
    for (let child = fiber.child; child; child = child.sibling) walk(child, rendered);
  };
  (window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown }).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject: () => 1,
    checkDCE: () => {},
    onScheduleFiberRoot: () => {},
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    onCommitFiberRoot: (_id: number, root: { current: Fiber }) => {
      if ((window as unknown as { __commitsPaused?: boolean }).__commitsPaused) return;
      const rendered: Record<string, number> = {};
      walk(root.current, rendered);
      commits.push({ at: performance.now(), rendered });
    },
  };
}
