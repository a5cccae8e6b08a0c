import type { Channel } from '../../src/domain/caller';

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
