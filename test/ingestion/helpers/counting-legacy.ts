import type { CaseDocument, LegacyCaller, LegacyCms } from '../../../src/legacy/legacy-cms.port.js';

/** Wraps a LegacyCms: counts calls per method, and can hide documents from listings (as if deleted). */
export class CountingLegacy {
  readonly calls = new Map<string, number>();
  readonly hidden = new Set<string>();
  inner: LegacyCms | null = null;

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
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (property === 'listDocuments') {
            return (result as Promise<CaseDocument[]>).then((documents) => documents.filter((document) => !this.hidden.has(document.documentId)));
          }
          return result;
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
