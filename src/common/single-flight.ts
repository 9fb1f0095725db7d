/**
 * Concurrent calls for one key share one promise, within this process only (no cross-instance guarantee).
 * By default the promise is forgotten once it settles; `keepFulfilled` keeps a fulfilled one for later calls
 * (a created client), while a rejected one is always forgotten so the next call tries again.
 */
export class SingleFlight<K, T> {
  private readonly flights = new Map<K, Promise<T>>();

  constructor(private readonly options: { readonly keepFulfilled?: boolean } = {}) {}

  /** `work` starts at once (synchronously); a synchronous throw becomes the shared rejection. */
  run(key: K, work: () => Promise<T>): Promise<T> {
    const existing = this.flights.get(key);
    if (existing !== undefined) return existing;
    const flight = new Promise<T>((resolve) => resolve(work()));
    const forget = () => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    };
    flight.then(this.options.keepFulfilled === true ? undefined : forget, forget);
    this.flights.set(key, flight);
    return flight;
  }

  clear(): void {
    this.flights.clear();
  }

  get size(): number {
    return this.flights.size;
  }
}
