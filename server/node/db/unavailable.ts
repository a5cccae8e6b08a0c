import { ErrorCode, HttpError } from '../../http/errors';
import { sqlStateOf } from './sql';

/** Seconds a client is asked to wait (Retry-After) while the database is out of reach. */
export const RETRY_AFTER_SECONDS = 1;

/** 57P01–57P03: the server is shutting down, crashed, or not yet accepting connections. */
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03']);
const SOCKET_ERRORS = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * True when `error` says the database could not be reached or dropped the connection, rather than
 * refusing the statement: the request may simply be tried again once the database is back.
 */
export function isConnectionError(error: unknown): boolean {
  const state = sqlStateOf(error);
  if (state !== undefined && (SHUTDOWN_STATES.has(state) || state.startsWith('08') || SOCKET_ERRORS.has(state))) return true;
  const message = error instanceof Error ? error.message : '';
  return (
    message.startsWith('Connection terminated') ||
    message.includes('not queryable') ||
    message === 'timeout exceeded when trying to connect' ||
    message.startsWith('Client was closed')
  );
}

/** What the API answers while the database is out of reach: 503, code 5030, Retry-After. */
export class DatabaseUnavailableError extends HttpError {
  constructor(readonly reason: unknown) {
    super(503, ErrorCode.databaseUnavailable, 'The database is unavailable for now: try again shortly', {
      'retry-after': String(RETRY_AFTER_SECONDS),
    });
  }
}
