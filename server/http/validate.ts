import type { Env, MiddlewareHandler } from 'hono';
import { validator } from 'hono/validator';
import type * as z from 'zod/mini';
import { badRequest, ErrorCode, type HttpError } from './errors';

function describe(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** 400 `{ code: 1000, message: "<path>: <zod message>" }` unless the route answers bad input its own way. */
function parseWith<T extends z.ZodMiniType>(
  schema: T,
  input: unknown,
  invalid?: (error: z.core.$ZodError) => HttpError,
): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid?.(parsed.error) ?? badRequest(describe(parsed.error));
  return parsed.data;
}

/** The parsed JSON body, whatever the Content-Type; `whenEmpty` stands in for an empty body when given. */
function parseJson(text: string, whenEmpty?: unknown): unknown {
  if (whenEmpty !== undefined && text.trim() === '') return whenEmpty;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('The request body is not valid JSON', ErrorCode.malformedJson);
  }
}

export interface JsonBodyOptions {
  /** Accept an empty body as this value. */
  whenEmpty?: unknown;
  /** The error for a body the schema refuses, where the API has its own (Backendless's codes). */
  invalid?: (error: z.core.$ZodError) => HttpError;
}

/** What `jsonBody` gives a route: `c.req.valid('json')` typed by the schema, as Hono's `validator` would. */
export type ValidatedJson<T extends z.ZodMiniType> = MiddlewareHandler<
  Env,
  string,
  { in: { json: z.input<T> }; out: { json: z.infer<T> } }
>;

/**
 * The JSON body checked with the contract's schema; the route reads it with `c.req.valid('json')`.
 * Hono's validator reads a body only when its Content-Type is JSON and has its own malformed-JSON
 * answer, while clients today send bodies without one, and some routes accept an empty body. So the
 * body is read, parsed once and checked here, and handed to the route as Hono's validator does
 * (`addValidatedData`): every runtime call passes here, and its body is never parsed twice.
 */
export function jsonBody<T extends z.ZodMiniType>(schema: T, options: JsonBodyOptions = {}): ValidatedJson<T> {
  return async (c, next) => {
    c.req.addValidatedData('json', bodyOf(schema, await c.req.text(), options) as object);
    await next();
  };
}

/** A request body's text as `jsonBody` checks it (400 for malformed JSON or what the schema refuses), for a route that reads it itself. */
export function bodyOf<T extends z.ZodMiniType>(
  schema: T,
  text: string,
  { whenEmpty, invalid }: JsonBodyOptions = {},
): z.infer<T> {
  return parseWith(schema, parseJson(text, whenEmpty), invalid);
}

/** The query string checked with the contract's schema (`c.req.valid('query')`); a repeated key counts once. */
export const query = <T extends z.ZodMiniType>(schema: T) =>
  validator('query', (_value, c): z.infer<T> => parseWith(schema, c.req.query()));

/** `If-Match: "<version>"` (a strong ETag); none, or `*`, puts no condition on the write. */
function expectedVersionOf(header: string | undefined): number | undefined {
  const text = header?.trim();
  if (!text || text === '*') return undefined;
  const match = /^"(\d{1,15})"$/.exec(text);
  if (!match?.[1]) throw badRequest('If-Match must be the quoted version of the value, e.g. "3"');
  return Number(match[1]);
}

/** `Idempotency-Key`: the client's id of one write, the same on each retry of it. */
function writeIdOf(header: string | undefined): string | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  if (text.length > 100) throw badRequest('Idempotency-Key must be at most 100 characters');
  return text;
}

export interface WriteConditions {
  readonly expectedVersion?: number;
  readonly writeId?: string;
}

/** A conditional write's headers, If-Match and Idempotency-Key (`c.req.valid('header')`). */
export const writeConditions = () =>
  validator('header', (headers: Record<string, string | undefined>): WriteConditions => {
    const expectedVersion = expectedVersionOf(headers['if-match']);
    const writeId = writeIdOf(headers['idempotency-key']);
    return { ...(expectedVersion === undefined ? {} : { expectedVersion }), ...(writeId === undefined ? {} : { writeId }) };
  });

export const etagOf = (version: number) => `"${version}"`;
