import type { Result, Router } from 'hono/router';

/** Paths longer than this are matched every time: a hostile client cannot fill the cache with long ones. */
const MAX_CACHED_PATH = 200;

/**
 * A router that remembers its answers. Hono's routers answer a method and a path the same way every
 * time once the routes are in, but the trie router (the one this app's routes need: the regular
 * expression router refuses them) walks its tree, builds each handler's parameters and sorts them at
 * every request: the largest allocation of an activation's own code path. The hot paths of an app are
 * few, so the answers for up to `maxPaths` paths per method are kept (all dropped when full, so a
 * flood of distinct paths costs what it did before). Hono only reads a match's parameters: sharing
 * one answer between requests is safe.
 */
export function cachedRouter<T>(router: Router<T>, maxPaths = 1000): Router<T> {
  const byMethod = new Map<string, Map<string, Result<T>>>();
  return {
    get name() {
      return `cached ${router.name}`;
    },
    add(method, path, handler) {
      byMethod.clear();
      router.add(method, path, handler);
    },
    match(method, path) {
      const paths = byMethod.get(method);
      const known = paths?.get(path);
      if (known) return known;
      const result = router.match(method, path);
      if (path.length > MAX_CACHED_PATH) return result;
      if (paths) {
        if (paths.size >= maxPaths) paths.clear();
        paths.set(path, result);
      } else if (byMethod.size < 16) {
        byMethod.set(method, new Map([[path, result]]));
      }
      return result;
    },
  };
}
