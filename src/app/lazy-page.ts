import { createElement, useEffect, useReducer, useState, type ComponentType, type ReactNode } from 'react';

/** A page whose code loads on demand (keeping the initial JS within budget). */
export interface LazyPage {
  /** Starts loading the code, once; settles when it is in. After a failure the next call tries again. */
  load: () => Promise<unknown>;
  /** The page's component, once its code is in. */
  loaded: () => ComponentType | undefined;
}

export function lazyPage(importPage: () => Promise<ComponentType>): LazyPage {
  let Loaded: ComponentType | undefined;
  let loading: Promise<ComponentType> | undefined;
  return {
    load: () =>
      (loading ??= importPage().then(
        (page) => (Loaded = page),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      )),
    loaded: () => Loaded,
  };
}

/**
 * A lazy page: the page once its code is in, `fallback` while it loads; a failed load is thrown to the
 * nearest error boundary, whose retry loads it again. Not `lazy` and `Suspense`: React holds a Suspense
 * fallback it has shown for at least 300 ms, however soon the code comes after it.
 */
export function LazyPageView({ page, fallback }: { page: LazyPage; fallback: ReactNode }) {
  const [, settled] = useReducer((count: number) => count + 1, 0);
  const [failed, setFailed] = useState<{ error: unknown }>();
  const Loaded = page.loaded();
  useEffect(() => {
    if (Loaded) return;
    let current = true;
    page.load().then(
      () => current && settled(),
      // The browser's own message names the chunk's address: said instead for an administrator.
      (error: unknown) =>
        current &&
        setFailed({
          error: new Error('The page’s code did not load: check the connection, then try again (or reload the console).', {
            cause: error,
          }),
        }),
    );
    return () => void (current = false);
  }, [page, Loaded]);
  if (failed) throw failed.error;
  // The page's own component, the same one at every render (createElement: not a component made here).
  return Loaded ? createElement(Loaded) : fallback;
}
