import type { CaseDocument, LegacyCaller, LegacyCms } from '../../../src/legacy/legacy-cms.port.js';

/** Wraps a LegacyCms: counts calls per method, can hide documents from listings (as if deleted) and hold listings. */
export class CountingLegacy {
  readonly calls = new Map<string, number>();
  readonly hidden = new Set<string>();
  inner: LegacyCms | null = null;
  private listingsHeld: Promise<void> | null = null;

  /** Holds every listDocuments call (counted at once, answered later) until the returned function is called. */
  holdListings(): () => void {
    let release!: () => void;
    this.listingsHeld = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.listingsHeld = null;
      release();
    };
  }

  count(method: keyof LegacyCms): number {
    return this.calls.get(method) ?? 0;
  }

  reset(): void {
    this.calls.clear();
  }

  wrap = (legacy: LegacyCms): LegacyCms => {
    this.inner = legacy;
    return new Proxy(legacy, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          this.calls.set(String(property), (this.calls.get(String(property)) ?? 0) + 1);
          if (property === 'listDocuments') {
            const held = this.listingsHeld ?? Promise.resolve();
            return held
              .then(() => (value as (...a: unknown[]) => Promise<CaseDocument[]>).apply(target, args))
              .then((documents) => documents.filter((document) => !this.hidden.has(document.documentId)));
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  };

  legacy(): LegacyCms {
    if (this.inner === null) throw new Error('not wrapped yet');
    return this.inner;
  }
}

export const testCaller = (username: string): LegacyCaller => ({ username, correlationId: 'test' });
