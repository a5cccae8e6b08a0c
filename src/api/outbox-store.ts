import type { ExplicitValue } from '../../domain/permission';

/** Whose value a write sets: one user's or one role's, on one flow. */
export interface WriteTarget {
  readonly flowId: string;
  readonly kind: 'user' | 'role';
  /** A user's id or a role's name. */
  readonly principal: string;
}

/** A write that has not settled yet, with all it needs to be sent again after a reload. */
export interface OutboxEntry extends WriteTarget {
  /** The Idempotency-Key: the server applies a write id once, however often it is sent. */
  readonly writeId: string;
  readonly value: ExplicitValue;
  /** The version the write is based on (If-Match); undefined sends it unconditionally. */
  readonly base: number | undefined;
  /** Place in the order of writes, across reloads: a row's writes leave in this order. */
  readonly order: number;
  /** What the outbox list shows offline, when nothing else can be read: the flow, the row, the target. */
  readonly flowName: string;
  readonly principalName: string;
  readonly targetLabel: string;
}

/** Where the outbox keeps its entries: IndexedDB in the browser, memory in jsdom and unit tests. */
export interface OutboxStore {
  load(): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  delete(writeId: string): Promise<void>;
}

/** A store that lives as long as the object: pass the same one to a second outbox to play a reload. */
export function createMemoryOutboxStore(): OutboxStore & { readonly entries: ReadonlyMap<string, OutboxEntry> } {
  const entries = new Map<string, OutboxEntry>();
  return {
    entries,
    load: () => Promise.resolve([...entries.values()]),
    put: (entry) => {
      entries.set(entry.writeId, entry);
      return Promise.resolve();
    },
    delete: (writeId) => {
      entries.delete(writeId);
      return Promise.resolve();
    },
  };
}
