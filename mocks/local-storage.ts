import type { StoreDelta } from '../server/store/memory-store';
import type { DeltaStorage } from './demo-backend';

/** Persists the demo's changes in localStorage, one key per dataset size. */
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
      localStorage.setItem(key, JSON.stringify(delta));
    },
    clear() {
      localStorage.removeItem(key);
    },
  };
}
