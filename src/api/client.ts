import type * as z from 'zod/mini';
import { apiErrorBodySchema } from '../../contract/errors';

export type ApiErrorKind = 'http' | 'network' | 'contract';

/** Every failure of a console API call: an error answer, no answer, or an answer that breaks the contract. */
export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status = 0,
    readonly code = 0,
    /** The error answer's JSON as sent: some carry more than code and message (a batch's conflicts). */
    readonly body: unknown = undefined,
  ) {
    super(message);
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  /** 401: no session, or one that ended; signing in again helps. */
  get isSignedOut(): boolean {
    return this.status === 401;
  }

  /** 403: signed in, but not as an administrator of this app. */
  get isForbidden(): boolean {
    return this.status === 403;
  }

  /** 412: the value changed since the version the write was based on. */
  get isConflict(): boolean {
    return this.status === 412;
  }

  /** What to tell a person: a contract error's message is for developers, so it goes to `details`. */
  get summary(): string {
    return this.kind === 'contract' ? 'The server sent data this console does not understand.' : this.message;
  }

  /** The developer's account of a contract error: which field broke the contract, and how. */
  get details(): string | undefined {
    return this.kind === 'contract' ? this.message : undefined;
  }

  /** No answer, or a server error that is not the request's fault: the same request may succeed later. */
  get isTransient(): boolean {
    return this.kind === 'network' || TRANSIENT_STATUSES.has(this.status);
  }
}

const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);

// Every query and mutation fails with an ApiError: `error` is typed so, with no casts at the call sites.
declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}

const BASE = `${import.meta.env.VITE_API_BASE ?? ''}/api/console`;

/**
 * Console sign-in (see auth.ts); the demo installs none. The session itself is an HttpOnly cookie the
 * browser sends: this code never holds it.
 */
export interface ClientAuth {
  /** The session ended (401): resolves once the administrator has signed in again. */
  signInAgain(signal?: AbortSignal): Promise<void>;
}

let auth: ClientAuth | null = null;

export function setClientAuth(next: ClientAuth | null): void {
  auth = next;
}

/** The server's code for "no session, or it ended": signing in again helps. */
const SIGN_IN_REQUIRED = 4012;

/**
 * On every request: the server refuses writes signed in by the session cookie without it. A page on
 * another site cannot send it (it would need a CORS preflight, which the console API refuses).
 */
const CONSOLE_HEADER = { 'x-requested-with': 'flow-console' };

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** `false`: a 401 fails at once instead of waiting for a new sign-in (asking whether there is a session). */
  waitForSignIn?: boolean;
  /** Sees a successful answer's headers (e.g. the audit entry a change made, for its Undo). */
  onHeaders?: (headers: Headers) => void;
}

function urlFor(path: string, query: RequestOptions['query']): URL {
  const url = new URL(BASE + path, globalThis.location?.href ?? 'http://localhost');
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  return url;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const parsed = apiErrorBodySchema.safeParse(body);
  const message = parsed.success ? parsed.data.message : `The server answered ${response.status}`;
  return new ApiError('http', message, response.status, parsed.success ? parsed.data.code : 0, body);
}

/** Calls the console API and parses the answer with `schema`; a 204 answer needs no schema. */
export async function request<T extends z.ZodMiniType>(
  path: string,
  schema: T | null,
  options: RequestOptions = {},
): Promise<z.infer<T>> {
  let response: Response;
  try {
    response = await fetch(urlFor(path, options.query), {
      method: options.method ?? 'GET',
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...CONSOLE_HEADER,
        ...options.headers,
      },
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('network', 'Could not reach the server. Check your connection and try again.');
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    // The session ended: wait for a new sign-in, then send this request again (once per sign-in).
    if (auth && options.waitForSignIn !== false && error.status === 401 && error.code === SIGN_IN_REQUIRED) {
      await auth.signInAgain(options.signal);
      return request(path, schema, options);
    }
    throw error;
  }
  options.onHeaders?.(response.headers);
  if (schema === null) return undefined as z.infer<T>;
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
    throw new ApiError('contract', `The server sent data in an unexpected shape${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
