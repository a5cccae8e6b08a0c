import type { StoreDelta } from '../server/store/memory/memory-store';
import { StorageFullError, type DeltaStorage } from './demo-backend';

const isQuotaError = (error: unknown) =>
  error instanceof DOMException && (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED');

/**
 * Persists the demo's changes in localStorage, one key per dataset. Pages of one browser share them:
 * the `storage` event tells a page that another one saved (or cleared) them.
 */
export function localStorageDelta(key: string): DeltaStorage {
  return {
    load() {
      const saved = localStorage.getItem(key);
      if (!saved) return undefined;
      try {
        return JSON.parse(saved) as StoreDelta;
      } catch {
        return undefined;
      }
    },
    save(delta) {
      try {
        localStorage.setItem(key, JSON.stringify(delta));
      } catch (error) {
        if (isQuotaError(error)) throw new StorageFullError("The browser's storage for this site is full");
        throw error;
      }
    },
    clear() {
      localStorage.removeItem(key);
    },
    subscribe(onExternalChange) {
      const listener = (event: StorageEvent) => {
        if (event.storageArea === localStorage && (event.key === key || event.key === null)) onExternalChange();
      };
      window.addEventListener('storage', listener);
      return () => window.removeEventListener('storage', listener);
    },
  };
}
