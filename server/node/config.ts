import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_ATTEMPT_LIMITS } from '../auth/attempt-limits';
import { DEFAULT_HASH_QUEUE } from '../auth/hash-gate';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../audit/auditor';
import { CHANNELS, type Channel } from '../../domain/caller';
import type { AppKeysOverride } from './app-keys';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** PGlite's data lives in `<dataDir>/pgdata`; unused when `databaseUrl` is set. */
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly seed: 'demo' | 'none';
  readonly adminEmail: string;
  readonly adminPassword: string | undefined;
  readonly sessionTtlMs: number;
  /** How long an app user's `user-token` lasts from login. */
  readonly userSessionTtlMs: number;
  /** APP_ID and API_KEYS: over the keys stored in the database, for this process only. */
  readonly appKeys: AppKeysOverride;
  readonly distDir: string;
  /** Password hashes computed at once (HASH_CONCURRENCY) and waiting (HASH_QUEUE); more get 503. */
  readonly hashConcurrency: number;
  readonly hashQueue: number;
  /** TRUST_PROXY: the caller's address is X-Forwarded-For's last hop (behind a reverse proxy). */
  readonly trustProxy: boolean;
  /** REGISTRATIONS_PER_MINUTE: app-user registrations per minute from all addresses together. */
  readonly registrationsPerMinute: number;
  /** After SIGTERM, how long requests in flight may take before their connections are closed. */
  readonly shutdownGraceMs: number;
  /** AUDIT_RETENTION_DAYS: audit entries older than this are forgotten. */
  readonly auditRetentionDays: number;
  /** REQUEST_TIMING: the server times its own requests and prints a summary on SIGUSR2 (benchmarks). */
  readonly requestTiming: boolean;
}

export class ConfigError extends Error {}

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

function appId(text: string | undefined): string | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  if (/[\s/]/.test(value) || value.toLowerCase() === 'api')
    throw new ConfigError('APP_ID must have no spaces or "/", and not be "api"');
  return value;
}

/** API_KEYS: a JSON object of channel → key, e.g. `{"REST":"…","ServerCode":"…"}`; channels left out keep the stored key. */
function apiKeys(text: string | undefined): Partial<Record<Channel, string>> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError('API_KEYS must be a JSON object of channel to key, e.g. {"REST":"…","ServerCode":"…"}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('API_KEYS must be a JSON object of channel to key, e.g. {"REST":"…","ServerCode":"…"}');
  }
  const keys: Partial<Record<Channel, string>> = {};
  for (const [channel, key] of Object.entries(parsed)) {
    if (!(CHANNELS as readonly string[]).includes(channel)) {
      throw new ConfigError(`API_KEYS names an unknown channel "${channel}" (channels: ${CHANNELS.join(', ')})`);
    }
    if (typeof key !== 'string' || key.trim().length < 16 || /[\s/]/.test(key)) {
      throw new ConfigError(`API_KEYS: the ${channel} key must be at least 16 characters, without spaces or "/"`);
    }
    keys[channel as Channel] = key.trim();
  }
  return keys;
}

function flag(name: string, text: string | undefined): boolean {
  const value = text?.trim().toLowerCase() ?? '';
  if (value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ConfigError(`${name} must be "true" or "false", not "${text}"`);
}

/** Half the cores, at least one: hashing must leave room for everything else. */
const defaultHashConcurrency = () => Math.max(1, Math.floor(availableParallelism() / 2));

/** The server's settings, from the environment (README: "Running the server"). */
export function readConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): ServerConfig {
  const seed = (env.SEED ?? 'demo').trim() || 'demo';
  if (seed !== 'demo' && seed !== 'none') throw new ConfigError(`SEED must be "demo" or "none", not "${seed}"`);
  return {
    port: integer('PORT', env.PORT, 8787, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir: resolve(cwd, env.DATA_DIR?.trim() || '.data'),
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    seed,
    adminEmail: env.ADMIN_EMAIL?.trim() || 'admin@example.com',
    adminPassword: env.ADMIN_PASSWORD || undefined,
    sessionTtlMs: integer('SESSION_TTL_MINUTES', env.SESSION_TTL_MINUTES, 12 * 60, 1, 60 * 24 * 365) * 60_000,
    userSessionTtlMs: integer('USER_SESSION_TTL_DAYS', env.USER_SESSION_TTL_DAYS, 30, 1, 3650) * 24 * 60 * 60_000,
    auditRetentionDays: integer('AUDIT_RETENTION_DAYS', env.AUDIT_RETENTION_DAYS, DEFAULT_AUDIT_RETENTION_DAYS, 1, 36_500),
    appKeys: { appId: appId(env.APP_ID), apiKeys: apiKeys(env.API_KEYS) },
    distDir: resolve(cwd, 'dist'),
    hashConcurrency: integer('HASH_CONCURRENCY', env.HASH_CONCURRENCY, defaultHashConcurrency(), 1, 64),
    hashQueue: integer('HASH_QUEUE', env.HASH_QUEUE, DEFAULT_HASH_QUEUE, 0, 1000),
    trustProxy: flag('TRUST_PROXY', env.TRUST_PROXY),
    registrationsPerMinute: integer(
      'REGISTRATIONS_PER_MINUTE',
      env.REGISTRATIONS_PER_MINUTE,
      DEFAULT_ATTEMPT_LIMITS.registrationsPerMinute,
      1,
      100_000,
    ),
    shutdownGraceMs: integer('SHUTDOWN_GRACE_MS', env.SHUTDOWN_GRACE_MS, 10_000, 0, 600_000),
    requestTiming: flag('REQUEST_TIMING', env.REQUEST_TIMING),
  };
}
