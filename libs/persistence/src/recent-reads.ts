/**
 * Reads by id shared for a moment: a document read (or being read) less than `maxAgeMs` ago is answered
 * from that read instead of another round trip. For read models consulted on every event — a quarter's
 * decisions go to the same organisations' contacts thousands of times, the same duty officers get alert
 * after alert — where a copy at most `maxAgeMs` old is as good as the stored one: the read model itself
 * trails its source by the consumer's lag. A write through this process forgets the id at once (`forget`);
 * a write by another instance is seen within `maxAgeMs`. 0 reads every time.
 */
export class RecentReads<T extends { _id: string }> {
  private readonly entries = new Map<string, { at: number; value: Promise<T | null> }>();

  constructor(
    private readonly load: (ids: string[]) => Promise<T[]>,
    private readonly maxAgeMs: number,
    /** Entries kept at most; the expired ones are dropped when it is reached. */
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The documents of `ids` that exist, each once. */
  async findMany(ids: readonly string[]): Promise<T[]> {
    const unique = [...new Set(ids)];
    if (this.maxAgeMs <= 0) return this.load(unique);
    const now = this.now();
    const values = new Map<string, Promise<T | null>>();
    const missing: string[] = [];
    for (const id of unique) {
      const entry = this.entries.get(id);
      if (entry && now - entry.at <= this.maxAgeMs) values.set(id, entry.value);
      else missing.push(id);
    }
    if (missing.length > 0) {
      if (this.entries.size + missing.length > this.capacity) this.prune(now);
      const loading = this.load(missing).then((found) => new Map(found.map((doc) => [doc._id, doc])));
      for (const id of missing) {
        const value = loading.then((found) => found.get(id) ?? null);
        values.set(id, value);
        this.entries.set(id, { at: now, value });
        // A failed read is not kept: the next caller reads again.
        value.catch(() => this.entries.get(id)?.value === value && this.entries.delete(id));
      }
    }
    const found: (T | null)[] = await Promise.all(unique.map((id) => values.get(id)!));
    return found.filter((value): value is T => value !== null);
  }

  /** The id was written here: the next read goes to the store. */
  forget(id: string): void {
    this.entries.delete(id);
  }

  private prune(now: number): void {
    for (const [id, entry] of this.entries) if (now - entry.at > this.maxAgeMs) this.entries.delete(id);
    // Still full of fresh entries: start over rather than grow without bound.
    if (this.entries.size >= this.capacity) this.entries.clear();
  }
}
