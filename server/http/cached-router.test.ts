import { TrieRouter } from 'hono/router/trie-router';
import { describe, expect, it } from 'vitest';
import { cachedRouter } from './cached-router';

function routes() {
  const router = cachedRouter(new TrieRouter<string>());
  router.add('ALL', '*', 'edge');
  router.add('POST', '/api/automation/flow/activate-by-name', 'by name');
  router.add('POST', '/api/automation/flow/:flowId/activate', 'by id');
  return router;
}

const handlers = (result: ReturnType<ReturnType<typeof routes>['match']>) => result[0].map(([handler]) => handler);

describe('cachedRouter', () => {
  it('answers a path it has seen with the same match, and routes as the router it wraps', () => {
    const router = routes();
    const first = router.match('POST', '/api/automation/flow/activate-by-name');
    expect(handlers(first)).toEqual(['edge', 'by name']);
    expect(router.match('POST', '/api/automation/flow/activate-by-name')).toBe(first);
    expect(handlers(router.match('GET', '/api/automation/flow/activate-by-name'))).toEqual(['edge']);
    const byId = router.match('POST', '/api/automation/flow/fl_1/activate');
    expect(byId[0][1]?.[1]).toEqual({ flowId: 'fl_1' });
    expect(router.match('POST', '/api/automation/flow/fl_2/activate')[0][1]?.[1]).toEqual({ flowId: 'fl_2' });
  });

  it('keeps at most its limit of paths per method, and never a long path', () => {
    const router = cachedRouter(new TrieRouter<string>(), 2);
    router.add('GET', '/:name', 'one');
    const a = router.match('GET', '/a');
    router.match('GET', '/b');
    router.match('GET', '/c');
    expect(router.match('GET', '/a')).not.toBe(a);
    const long = `/${'x'.repeat(300)}`;
    expect(router.match('GET', long)).not.toBe(router.match('GET', long));
  });
});
