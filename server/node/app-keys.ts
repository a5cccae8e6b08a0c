import { appKeysSchema } from '../../contract/manage';
import type { Channel } from '../../domain/caller';
import { DEMO_APP_KEYS, duplicateKey, generateAppKeys, type AppKeys } from '../runtime/api-keys';
import type { Sql } from './db/sql';

/** Keys from the environment (APP_ID, API_KEYS), over the stored ones; never stored. */
export interface AppKeysOverride {
  readonly appId?: string | undefined;
  readonly apiKeys?: Partial<Record<Channel, string>> | undefined;
}

export interface EnsuredAppKeys {
  /** What the server answers to: the stored keys with the environment's over them. */
  readonly keys: AppKeys;
  /** The stored keys, when this start made them (to print once). */
  readonly created?: { readonly keys: AppKeys; readonly demo: boolean };
}

export class AppKeysError extends Error {}

/**
 * The app's id and API keys, stored in the database (`app_settings`) and made at the first start of
 * a database: the public demo keys for a database given the demo dataset (SEED=demo), random ones
 * otherwise. Instances starting together agree: the first insert wins and everyone reads it back.
 */
export async function ensureAppKeys(sql: Sql, override: AppKeysOverride = {}): Promise<EnsuredAppKeys> {
  const [meta] = await sql.query<{ value: string }>("SELECT value FROM app_meta WHERE key = 'initialized'");
  const demo = meta !== undefined && meta.value !== 'none';
  const fresh = demo ? DEMO_APP_KEYS : generateAppKeys();
  const inserted = await sql.query(
    "INSERT INTO app_settings (key, value) VALUES ('app_keys', $1::jsonb) ON CONFLICT (key) DO NOTHING RETURNING key",
    [JSON.stringify(fresh)],
  );
  const [row] = await sql.query<{ value: unknown }>("SELECT value FROM app_settings WHERE key = 'app_keys'");
  const raw = typeof row?.value === 'string' ? (JSON.parse(row.value) as unknown) : row?.value;
  const parsed = appKeysSchema.safeParse(raw);
  if (!parsed.success) throw new AppKeysError('The stored app keys (app_settings.app_keys) are not valid');
  const stored: AppKeys = parsed.data;
  const keys: AppKeys = {
    appId: override.appId ?? stored.appId,
    apiKeys: { ...stored.apiKeys, ...override.apiKeys },
  };
  const duplicate = duplicateKey(keys);
  if (duplicate !== undefined) throw new AppKeysError(`Two channels have the API key "${duplicate}": each needs its own`);
  return { keys, ...(inserted.length > 0 ? { created: { keys: stored, demo } } : {}) };
}

/** The lines printed when the keys were made. */
export function describeAppKeys(keys: AppKeys): string {
  return [`  app id: ${keys.appId}`, ...Object.entries(keys.apiKeys).map(([channel, key]) => `  ${channel}: ${key}`)].join('\n');
}
