import { createApp } from '../server/app';
import { generateSeed, type SeedOptions } from '../server/seed/demo';
import { createMemoryStore, type StoreDelta } from '../server/store/memory-store';

/** Where the demo keeps its changes; `null` keeps nothing (tests). */
export interface DeltaStorage {
  load(): StoreDelta | undefined;
  save(delta: StoreDelta): void;
  clear(): void;
}

/**
 * The demo's backend: the real app over a memory store made from the seed plus the saved changes.
 * `reset()` drops the changes and starts again from the seed.
 */
export function createDemoBackend(seedOptions: SeedOptions = {}, storage: DeltaStorage | null = null) {
  const seed = generateSeed(seedOptions);
  const build = (delta?: StoreDelta) =>
    createApp({
      store: createMemoryStore(seed, {
        ...(delta ? { delta } : {}),
        onChange: (changed) => storage?.save(changed),
      }),
    });
  let app = build(storage?.load());
  return {
    fetch: (request: Request) => app.fetch(request),
    reset() {
      storage?.clear();
      app = build();
    },
  };
}

export type DemoBackend = ReturnType<typeof createDemoBackend>;
