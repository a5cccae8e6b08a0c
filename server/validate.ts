import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { badRequest, ErrorCode } from './errors';

function describe(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

export function parseWith<T extends z.ZodMiniType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw badRequest(describe(parsed.error));
  return parsed.data;
}

/** The parsed JSON body; `whenEmpty` stands in for an empty body when given. */
export async function readJson(c: Context, whenEmpty?: unknown): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '' && whenEmpty !== undefined) return whenEmpty;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('The request body is not valid JSON', ErrorCode.malformedJson);
  }
}

export async function jsonBody<T extends z.ZodMiniType>(c: Context, schema: T): Promise<z.infer<T>> {
  return parseWith(schema, await readJson(c));
}

export const queryOf = <T extends z.ZodMiniType>(c: Context, schema: T): z.infer<T> => parseWith(schema, c.req.query());
