import { describe, expect, it } from '@jest/globals';
import { InMemoryStateStore } from '../storage/state/in-memory-state-store.adapter.js';
import { RedactionSaveJournal, type RedactionSaveHandle } from './redaction-save-journal.js';
import { RedactionSaveRecovery } from './redaction-save-recovery.service.js';
import type { RedactionService } from './redaction.service.js';

const INTERVAL_MS = 15_000;
const LEASE_MS = 30_000;

describe('RedactionSaveRecovery across instances', () => {
  /** Two instances' recovery over one state store and one clock; what each recovered. */
  function twoInstances() {
    const state = InMemoryStateStore.fromConfig();
    let clockMs = Date.parse('2026-12-05T09:00:00Z');
    const journal = new RedactionSaveJournal(state, { leaseMs: LEASE_MS, now: () => clockMs });
    const recovered: string[][] = [[], []];
    const instances = [0, 1].map((index) => {
      const redaction = {
        recoverSave: (handle: RedactionSaveHandle) => {
          recovered[index].push(handle.record.saveId);
          return journal.close(handle, 'undone', 'recovered in the test');
        },
      } as unknown as RedactionService;
      return new RedactionSaveRecovery(journal, redaction, { intervalMs: INTERVAL_MS, now: () => clockMs }, state);
    });
    const deadSave = () =>
      journal.begin({ caseId: '42', documentId: '1001', oldVersionId: '7001', username: 'alice', correlationId: 'c', heldBefore: false, fileName: 'x.pdf', sizeBytes: 1, summary: { pages: [0], boxCount: 1, pageModifications: [], reasonCodes: [], engine: 'fake' } });
    return { instances, recovered, deadSave, advance: (ms: number) => (clockMs += ms) };
  }

  it('runs its pass on one instance at a time: the other finds the lease held and recovers nothing', async () => {
    const { instances: [a, b], recovered, deadSave, advance } = twoInstances();
    expect(await a.runOnce()).toBe(0);
    const save = await deadSave();
    advance(LEASE_MS + 1);
    expect(await b.runOnce()).toBe(0);
    expect(await a.runOnce()).toBe(1);
    expect(recovered).toEqual([[save.record.saveId], []]);
  });

  it('is taken over by another instance once the holder stopped passing for three intervals', async () => {
    const { instances: [a, b], recovered, deadSave, advance } = twoInstances();
    await a.runOnce();
    const save = await deadSave();
    advance(INTERVAL_MS * 3 - 1);
    expect(await b.runOnce()).toBe(0);
    advance(LEASE_MS);
    expect(await b.runOnce()).toBe(1);
    expect(recovered).toEqual([[], [save.record.saveId]]);
  });

  it('gives the lease up on shutdown, so another instance takes over at once', async () => {
    const { instances: [a, b], recovered, deadSave, advance } = twoInstances();
    await a.runOnce();
    await a.onApplicationShutdown();
    const save = await deadSave();
    advance(LEASE_MS + 1);
    expect(await b.runOnce()).toBe(1);
    expect(recovered).toEqual([[], [save.record.saveId]]);
  });
});
