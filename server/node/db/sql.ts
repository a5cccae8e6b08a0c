/** The little of a PostgreSQL client the store needs; PGlite and `pg` both sit behind it. */
export interface Queryable {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
  /**
   * `query` through a statement prepared once under `name`, so that it is parsed and planned once
   * (per connection), not on every call: for the statements run on every request. Parameters are text
   * or numbers. Absent inside transactions, where `query` does.
   */
  queryPrepared?<Row = Record<string, unknown>>(name: string, text: string, params: readonly (string | number)[]): Promise<Row[]>;
}

export interface Sql extends Queryable {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** `pglite` or `postgres`, for logs and the benchmark. */
  readonly kind: 'pglite' | 'postgres';
  /**
   * LISTEN on `channel` on a connection of its own: `onNotify` gets each payload; `onLost` is called
   * once if the connection ends (not after `close`). Resolves once listening.
   */
  listen?(channel: string, onNotify: (payload: string) => void, onLost: (error: unknown) => void): Promise<Listening>;
}

export interface Listening {
  close(): Promise<void>;
}

/** PostgreSQL's SQLSTATE for a unique constraint violation. */
export const UNIQUE_VIOLATION = '23505';
/** A serialization failure or a deadlock: the transaction may simply be retried. */
export const RETRYABLE = new Set(['40001', '40P01']);

export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** A string as an SQL literal, whatever `standard_conforming_strings` says (as `pg`'s escapeLiteral). */
export function sqlLiteral(text: string): string {
  const quoted = `'${text.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`;
  return text.includes('\\') ? ` E${quoted}` : quoted;
}
