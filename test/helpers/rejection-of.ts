import { DomainError } from '../../src/common/domain-error.js';

/** The error of type `type` a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}, but the call succeeded`);
}

/** The DomainError a promise rejects with. */
export const domainFailureOf = (promise: Promise<unknown>): Promise<DomainError> => rejectionOf(promise, DomainError);
