import { DomainError } from '../../src/common/domain-error.js';

/** The DomainError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function domainFailureOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but the call succeeded');
}
