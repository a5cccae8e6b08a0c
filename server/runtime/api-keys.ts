import { CHANNELS, type Channel } from '../../domain/caller';
import { randomId } from '../platform/ids';

/** An application id and its API keys, one per channel, as `Backendless.initApp({ appId, apiKey })` uses them. */
export interface AppKeys {
  readonly appId: string;
  readonly apiKeys: Readonly<Record<Channel, string>>;
}

/**
 * The demo app's id and keys (README lists them). Requests to `/<appId>/<apiKey>/…` hold the key's
 * channel role; requests to `/api/…` count as REST.
 */
export const DEMO_APP_KEYS: AppKeys = {
  appId: 'DEMO-APP-ID',
  apiKeys: {
    REST: 'DEMO-REST-KEY',
    JS: 'DEMO-JS-KEY',
    Android: 'DEMO-ANDROID-KEY',
    IOS: 'DEMO-IOS-KEY',
    DotNet: 'DEMO-DOTNET-KEY',
    ActionScript: 'DEMO-AS-KEY',
    ServerCode: 'DEMO-SERVERCODE-KEY',
  },
};

export function channelOfKey(keys: AppKeys, appId: string, apiKey: string): Channel | undefined {
  if (appId.toUpperCase() !== keys.appId.toUpperCase()) return undefined;
  const found = Object.entries(keys.apiKeys).find(([, key]) => key.toUpperCase() === apiKey.toUpperCase());
  return found?.[0] as Channel | undefined;
}

/** True when any channel's key is one of the public demo keys (compared as the runtime compares keys). */
export function usesDemoKeys(keys: AppKeys): boolean {
  const demo = new Set(Object.values(DEMO_APP_KEYS.apiKeys).map((key) => key.toUpperCase()));
  return Object.values(keys.apiKeys).some((key) => demo.has(key.toUpperCase()));
}

/** A new app's id and keys: random UUIDs (122 random bits each, from the platform's CSPRNG), as Backendless's look. */
export function generateAppKeys(): AppKeys {
  const key = randomId;
  return { appId: key(), apiKeys: Object.fromEntries(CHANNELS.map((channel) => [channel, key()])) as Record<Channel, string> };
}

/** Keys are compared case-insensitively, so two channels must not share one, whatever its case. */
export function duplicateKey(keys: AppKeys): string | undefined {
  const seen = new Set<string>();
  for (const key of Object.values(keys.apiKeys)) {
    if (seen.has(key.toUpperCase())) return key;
    seen.add(key.toUpperCase());
  }
  return undefined;
}
