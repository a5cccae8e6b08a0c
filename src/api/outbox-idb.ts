import type { OutboxEntry, OutboxStore } from './outbox-store';

const STORE = 'outbox';

function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** The outbox in IndexedDB: one object store of entries keyed by write id. */
export function createIndexedDbOutboxStore(factory: IDBFactory, name = 'flow-console-outbox'): OutboxStore {
  let opening: Promise<IDBDatabase> | undefined;
  const open = () => {
    if (!opening) {
      const request = factory.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'writeId' });
      opening = settled(request);
    }
    return opening;
  };
  /** One request in its own transaction; it resolves once the transaction is committed. */
  async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const transaction = (await open()).transaction(STORE, mode);
    const result = settled(act(transaction.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    });
    return result;
  }
  return {
    load: () => run('readonly', (store) => store.getAll() as IDBRequest<OutboxEntry[]>),
    put: (entry) => run('readwrite', (store) => store.put(entry)).then(() => undefined),
    delete: (writeId) => run('readwrite', (store) => store.delete(writeId)).then(() => undefined),
  };
}
