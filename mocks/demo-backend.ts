import { createApp } from '../server/app';
import { demoConsoleAuth } from '../server/auth/console-auth';
import { HttpError } from '../server/http/errors';
import { DEMO_APP_KEYS } from '../server/runtime/api-keys';
import { generateSeed, type SeedOptions } from '../server/seed/demo';
import { createMemoryStore, type StoreDelta } from '../server/store/memory/memory-store';
import { createLocalFeed, type Change } from '../server/live/change-feed';
import { createEventHub } from '../server/live/event-hub';
import type { ChangeBroadcast } from './change-broadcast';
import { withHostileUsers } from './hostile-users';

/** Where the demo keeps its changes; `null` keeps nothing (tests). */
export interface DeltaStorage {
  load(): StoreDelta | undefined;
  /** Throws StorageFullError when the browser's storage has no room left. */
  save(delta: StoreDelta): void;
  clear(): void;
  /** Calls back when another page of this browser saved or cleared the changes; returns an unsubscribe. */
  subscribe?(onExternalChange: () => void): () => void;
}

export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
}

/** The demo's second administrator, who edits rows under the first one's feet (see handlers.ts). */
export const OTHER_ADMIN = { email: 'second-admin@example.com' } as const;

/** The demo's answer when a change could not be kept: 507 Insufficient Storage. */
export const STORAGE_FULL = {
  code: 5070,
  message: "The demo's browser storage is full, so this change was not saved. Reset demo data to make room.",
} as const;

export interface DemoSeedOptions extends SeedOptions {
  /** Adds users with hostile names (markup, right-to-left text, emoji, 500 characters): `?hostile=1`. */
  hostile?: boolean;
}

export type RowRef = { flowId: string; kind: 'user' | 'role'; id: string };

const VALUES = ['deny', 'grant', null] as const;

/**
 * The demo's backend: the real app over a memory store made from the seed plus the saved changes.
 * `reset()` drops the changes and starts again from the seed. Two pages of one browser share the
 * changes: each change is posted on `broadcast`, and the other page reloads the saved changes and
 * announces it to its console's live stream, which refetches at once. A change that
 * cannot be saved (storage full) is undone and answered 507, so no click is lost silently.
 */
export function createDemoBackend(
  { hostile = false, ...seedOptions }: DemoSeedOptions = {},
  storage: DeltaStorage | null = null,
  broadcast: ChangeBroadcast | null = null,
) {
  const seed = generateSeed(seedOptions);
  let unsaved = false;
  // One feed and one live stream hub for the page, across rebuilds of the app: the console's stream
  // stays open while the data is reloaded under it.
  const feed = createLocalFeed();
  const events = createEventHub(feed);
  const publish = (change: Change) => {
    feed.publish(change);
    broadcast?.post(change);
  };
  const build = (saved?: StoreDelta) => {
    const delta = hostile ? withHostileUsers(saved) : saved;
    return createApp({
      // The demo's public keys and its let-everyone-in console: never the real server's.
      keys: DEMO_APP_KEYS,
      consoleAuth: demoConsoleAuth(),
      live: { feed, publish },
      events,
      store: createMemoryStore(seed, {
        ...(delta ? { delta } : {}),
        onChange: (changed) => {
          try {
            storage?.save(changed);
          } catch (error) {
            if (!(error instanceof StorageFullError)) throw error;
            unsaved = true;
            throw new HttpError(507, STORAGE_FULL.code, STORAGE_FULL.message);
          }
        },
      }),
    });
  };
  let app = build(storage?.load());
  let stale = false;
  storage?.subscribe?.(() => {
    stale = true;
  });
  // Another page's change: its delta is saved already; this page reloads it before its next request,
  // and its console hears of the change at once (and refetches).
  broadcast?.subscribe((message) => {
    stale = true;
    // A reset replaced all the data: the console refetches everything it shows.
    if (message.kind === 'reset') feed.reset();
    else feed.publish(message);
  });

  async function fetch(request: Request, admin?: { email: string }): Promise<Response> {
    if (stale) {
      stale = false;
      app = build(storage?.load());
    }
    const response = await app.fetch(request, admin ? { consoleAdmin: admin } : undefined);
    if (unsaved) {
      // The refused change is still in memory: start again from what is saved.
      unsaved = false;
      app = build(storage?.load());
    }
    return response;
  }

  const rowUrl = ({ flowId, kind, id }: RowRef) =>
    `http://demo.local/api/console/flows/${encodeURIComponent(flowId)}/permissions/${kind === 'user' ? 'users' : 'roles'}/${encodeURIComponent(id)}`;

  return {
    fetch: (request: Request) => fetch(request),
    reset() {
      storage?.clear();
      app = build();
      broadcast?.post({ kind: 'reset' });
    },
    /**
     * The demo's second administrator changes the row through the API, to a value that is neither the
     * current one nor `notTo` (the first administrator's target), so that the first one's next write
     * meets a real 412.
     */
    async anotherAdminEdits(row: RowRef, notTo?: 'grant' | 'deny' | null): Promise<Response> {
      const current = await fetch(new Request(rowUrl(row)), OTHER_ADMIN);
      if (!current.ok) return current;
      const { value } = (await current.json()) as { value: 'grant' | 'deny' | null };
      const next = VALUES.find((candidate) => candidate !== value && candidate !== notTo) ?? null;
      return fetch(
        new Request(rowUrl(row), {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ value: next }),
        }),
        OTHER_ADMIN,
      );
    },
  };
}

export type DemoBackend = ReturnType<typeof createDemoBackend>;
