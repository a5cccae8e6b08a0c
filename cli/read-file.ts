import { readFileSync } from 'node:fs';
import type * as z from 'zod/mini';
import { CliError } from './api';

/** Line and column of a character offset, 1-based. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** The line where a field of a JSON document appears: the first occurrence of its last key after its parents'. */
function lineOfPath(text: string, path: readonly PropertyKey[]): string {
  let from = 0;
  for (const key of path) {
    if (typeof key !== 'string') continue;
    const at = text.indexOf(JSON.stringify(key), from);
    if (at === -1) break;
    from = at;
  }
  return from === 0 ? '' : ` (${lineAndColumn(text, from)})`;
}

/** Reads and checks a JSON file against a contract schema; a mistake is reported with its line or field. */
export function readJsonFile<T extends z.ZodMiniType>(file: string, schema: T, what: string): z.infer<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    const where = position === undefined ? '' : ` at ${lineAndColumn(text, Number(position))}`;
    throw new CliError(`${file} is not valid JSON${where}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : '(the document)';
    throw new CliError(
      `${file} is not a valid ${what}: ${field}${lineOfPath(text, issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}
