import { randomUUID } from 'node:crypto';
import { DomainError } from '../common/domain-error.js';
import type { StateLease } from '../storage/state/state-lease.js';

/** 409 DOCUMENT_CHECKED_OUT to a client; the plan runner knows it as "try this document again later". */
export class RedactionSaveInProgress extends DomainError {
  constructor() {
    super('DOCUMENT_CHECKED_OUT', 'Another save of this document is in progress; retry once it has finished.');
  }
}

/** The lease of one document's save in the StateStore's lease table. */
export const saveLockName = (caseId: string, documentId: string): string => `redaction-save/${caseId}/${documentId}`;

/**
 * One save of a document at a time across every instance: a StateLease per document, taken before the save starts
 * (before the engine runs), renewed every third of its time while the save runs, given up when it ends. A second save
 * of the document meanwhile, on any instance, is refused at once with 409 DOCUMENT_CHECKED_OUT: the first one is about to
 * check it out. A holder that dies without giving the lease up blocks the document until the lease runs out (leaseMs).
 */
export class RedactionSaveLock {
  constructor(
    private readonly lease: StateLease,
    private readonly leaseMs: number,
  ) {}

  async run<T>(target: { readonly caseId: string; readonly documentId: string }, work: () => Promise<T>): Promise<T> {
    const name = saveLockName(target.caseId, target.documentId);
    const holder = randomUUID();
    if (!(await this.lease.acquire(name, holder, this.leaseMs))) {
      throw new RedactionSaveInProgress();
    }
    // A failed renewal is retried on the next beat; the lease outlives two missed beats.
    const heartbeat = setInterval(() => void this.lease.acquire(name, holder, this.leaseMs).catch(() => undefined), Math.max(1, Math.floor(this.leaseMs / 3)));
    heartbeat.unref();
    try {
      return await work();
    } finally {
      clearInterval(heartbeat);
      await this.lease.release(name, holder).catch(() => undefined);
    }
  }
}
