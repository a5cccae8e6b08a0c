/**
 * Entries loaded from the store, with invalidation that wins over loads in flight: a load that began
 * before its key (or everything) was invalidated answers its caller but is not kept, so a value read
 * before a change can never be served after it.
 */
export class KeyedCache<V> {
  private readonly entries = new Map<string, V>();
  /** The tick of each key's last invalidation, kept only while loads are in flight. */
  private readonly invalidated = new Map<string, number>();
  private clearedAt = 0;
  private tick = 0;
  private loading = 0;

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Loads the key's entry (or a change to it) and keeps `keep(result)` unless it was invalidated meanwhile. */
  async load<R>(key: string, loader: () => Promise<R>, keep: (result: R, current: V | undefined) => V | undefined): Promise<R> {
    const startedAt = this.tick;
    this.loading++;
    try {
      const result = await loader();
      if (this.clearedAt <= startedAt && (this.invalidated.get(key) ?? 0) <= startedAt) {
        const entry = keep(result, this.entries.get(key));
        if (entry !== undefined) this.entries.set(key, entry);
      }
      return result;
    } finally {
      if (--this.loading === 0) this.invalidated.clear();
    }
  }

  invalidate(key: string): void {
    this.tick++;
    this.entries.delete(key);
    if (this.loading > 0) this.invalidated.set(key, this.tick);
  }

  clear(): void {
    this.tick++;
    this.clearedAt = this.tick;
    this.entries.clear();
    this.invalidated.clear();
  }

  values(): IterableIterator<V> {
    return this.entries.values();
  }
}
