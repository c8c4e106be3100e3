/**
 * The weak intern table behind keywords (scalars.ts) and structural key tokens (equality.ts).
 * Internal to the value model: index.ts does not re-export it.
 */

/**
 * A string → object table that does not keep its objects alive: an entry goes away (at the next
 * garbage collection) once nothing else holds its object. Used for the module-level intern
 * tables, so whatever one program interns dies with that program.
 */
export class WeakTable<T extends object> {
  private readonly refs = new Map<string, WeakRef<T>>();
  private readonly reaper = new FinalizationRegistry<string>((key) => {
    const ref = this.refs.get(key);
    if (ref !== undefined && ref.deref() === undefined) this.refs.delete(key);
  });
  get(key: string): T | undefined {
    return this.refs.get(key)?.deref();
  }
  set(key: string, value: T): void {
    this.refs.set(key, new WeakRef(value));
    this.reaper.register(value, key);
  }
  get size(): number {
    return this.refs.size;
  }
}
