import { resolve } from 'node:path';

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
  readonly distDir: string;
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
    distDir: resolve(cwd, 'dist'),
  };
}
