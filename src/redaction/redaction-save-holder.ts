import type { RedactionSaveHandle, RedactionSaveJournal, RedactionSaveRecord } from './redaction-save-journal.js';

/**
 * Holds one save record while this process works on it: writes go one after the other (each conditional on
 * the etag the previous one answered), and a heartbeat renews the lease every third of it, so the record is
 * taken over only when this process stops beating (it died or hangs).
 */
export class RedactionSaveHolder {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null;

  constructor(
    private readonly journal: RedactionSaveJournal,
    private handle: RedactionSaveHandle,
  ) {
    this.timer = setInterval(() => void this.write((held) => this.journal.renew(held)).catch(() => undefined), Math.max(1, Math.floor(journal.leaseMs / 3)));
    this.timer.unref();
  }

  get record(): RedactionSaveRecord {
    return this.handle.record;
  }

  advance(patch: Partial<Omit<RedactionSaveRecord, 'saveId'>>): Promise<RedactionSaveHandle> {
    return this.write((held) => this.journal.advance(held, patch));
  }

  async close(step: 'done' | 'undone', outcome: string): Promise<void> {
    await this.write(async (held) => {
      await this.journal.close(held, step, outcome);
      this.stop();
      return held;
    });
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private write(change: (held: RedactionSaveHandle) => Promise<RedactionSaveHandle>): Promise<RedactionSaveHandle> {
    const next = this.chain.then(() => change(this.handle)).then((written) => (this.handle = written));
    this.chain = next.catch(() => undefined);
    return next;
  }
}
