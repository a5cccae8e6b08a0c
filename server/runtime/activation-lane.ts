import { Context, type ErrorHandler } from 'hono';
import { activateByNameSchema, type FlowExecution } from '../../contract/runtime';
import type { Flow, FlowStore } from '../flows/flow-store';
import { MAX_BODY_BYTES } from '../http/answers';
import { ErrorCode, notFound } from '../http/errors';
import { bodyOf } from '../http/validate';
import type { Activate } from './activate';
import type { KnownState } from './decision-cache';
import type { ResolveCaller, ResolvedCaller } from './resolve-caller';

export const ACTIVATE_BY_NAME = '/automation/flow/activate-by-name';
const REST_PATH = `/api${ACTIVATE_BY_NAME}`;
/**
 * `/<appId>/<apiKey>` before the route, neither empty nor holding a `%` (nothing to decode, nothing
 * hostile), a `?` or a `#` (where the router's path ends).
 */
const KEYED_PREFIX = /^\/[^/%?#]+\/[^/%?#]+$/;

/** The runtime's CORS header (any origin), with the answer's type: one object for every answer. */
const ANSWER_HEADERS = Object.freeze({ 'content-type': 'application/json', 'access-control-allow-origin': '*' });

export interface ActivateByNameOptions {
  store: Pick<FlowStore, 'findFlowByName'>;
  /** The decision cache's flows at hand: a known name is found without a promise. */
  known?: Pick<KnownState, 'flowByName'>;
  resolveCaller: ResolveCaller;
  activate: Activate;
}

/**
 * `POST …/automation/flow/activate-by-name` (`Backendless.Automations.activateFlow`). Checks in the
 * runtime's order: who is calling (401), the body (400), the flow (404), then `activate` (403, then 400
 * when not LIVE). A call on the hot path: with the caller, the flow and the values in the decision
 * cache, the only waits are the body and the record's commit, and no `async` frame is made.
 */
export function activateByName({ store, known, resolveCaller, activate }: ActivateByNameOptions) {
  const answer = (execution: FlowExecution) => new Response(JSON.stringify(execution), { status: 200, headers: ANSWER_HEADERS });
  const started = (resolved: ResolvedCaller, flow: Flow) =>
    activate({
      flow,
      user: resolved.user,
      caller: resolved.caller,
      channel: resolved.channel,
      sessionSource: null,
      byName: true,
    }).then(answer);
  const named = (resolved: ResolvedCaller, text: string) => {
    const { name } = bodyOf(activateByNameSchema, text);
    const flow = known?.flowByName(name);
    if (flow) return started(resolved, flow);
    return store.findFlowByName(name).then((found) => {
      if (!found) throw notFound(ErrorCode.flowNotFound, `No flow is named "${name}"`);
      return started(resolved, found);
    });
  };
  return (request: Request): Promise<Response> => {
    const resolved = resolveCaller(request);
    if (resolved instanceof Promise) return resolved.then((caller) => request.text().then((text) => named(caller, text)));
    return request.text().then((text) => named(resolved, text));
  };
}

/** The path of a request's URL, without parsing a URL. */
const pathOf = (url: string) => url.slice(url.indexOf('/', url.indexOf('//') + 2));

/**
 * The one call apps make all day, answered before the app's router and middleware: Hono would compose
 * them into a chain of `async` frames (7 for this route) and make a context for every request. It takes
 * only requests that the app's edge middleware would let through unchanged: POST on the exact path
 * (`/api/…` or `/<appId>/<apiKey>/…` without a `%`: nothing to decode or refuse), a `Content-Length`
 * within the limit and no `Transfer-Encoding` (the rest, 413s and chunked bodies included, go the long
 * way), and it needs no client address. Every answer, errors included, carries the runtime's CORS
 * header; errors are answered by the app's own error handler, on a context made for them.
 */
export function activationLane(options: ActivateByNameOptions & { onError: ErrorHandler }) {
  const handle = activateByName(options);
  const refuse = (error: unknown, request: Request, env: unknown) => {
    // As Hono does: only an Error is answered, anything else thrown stays a failure.
    if (!(error instanceof Error)) throw error;
    const c = new Context(request, { env, path: pathOf(request.url) });
    c.header('access-control-allow-origin', '*');
    return options.onError(error, c);
  };
  return {
    takes(request: Request): boolean {
      if (request.method !== 'POST') return false;
      const path = pathOf(request.url);
      if (path !== REST_PATH) {
        if (!path.endsWith(ACTIVATE_BY_NAME) || path.startsWith('/api/')) return false;
        if (!KEYED_PREFIX.test(path.slice(0, -ACTIVATE_BY_NAME.length))) return false;
      }
      const length = request.headers.get('content-length');
      if (length === null || request.headers.get('transfer-encoding') !== null) return false;
      return /^\d{1,8}$/.test(length) && Number(length) <= MAX_BODY_BYTES;
    },
    fetch(request: Request, env?: unknown): Promise<Response> {
      let answer: Promise<Response>;
      try {
        answer = handle(request);
      } catch (error) {
        return Promise.resolve().then(() => refuse(error, request, env));
      }
      return answer.catch((error: unknown) => refuse(error, request, env));
    },
  };
}
