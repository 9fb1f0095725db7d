import { randomUUID } from 'node:crypto';
import { DomainError } from '../../common/domain-error.js';
import { requestContext } from '../../common/request-context.js';

/**
 * The deadline every legacy call of the current request shares: set by the first legacy call of a
 * request (its budget starts then) and kept on the request context, so a login, a call and its
 * retries all spend from one budget. Work outside any request gets `backgroundBudgetMs` per call,
 * or one budget for a whole job when it runs inside `runWithLegacyBudget`.
 */
export function legacyDeadlineAt(budgetMs: number, backgroundBudgetMs: number, now: number): number {
  const context = requestContext.current();
  if (context === undefined) return now + backgroundBudgetMs;
  context.legacyDeadlineAt ??= now + budgetMs;
  return context.legacyDeadlineAt;
}

/**
 * Runs background work (a job, a sweep) with its own legacy budget, detached from the budget of
 * whatever request started it: a job that outlives its request must not inherit an expired deadline.
 */
export function runWithLegacyBudget<T>(budgetMs: number, work: () => Promise<T>, now: () => number = () => Date.now()): Promise<T> {
  const outer = requestContext.current();
  return requestContext.run({ ...outer, correlationId: outer?.correlationId ?? `background-${randomUUID()}`, legacyDeadlineAt: now() + budgetMs }, work);
}

/**
 * Waits for work another caller started (a shared login) no longer than the current request's
 * budget allows: the other caller's deadline may be later than ours.
 */
export function withinLegacyDeadline<T>(pending: Promise<T>, budgetMs: number, backgroundBudgetMs: number, now: number = Date.now()): Promise<T> {
  const left = legacyDeadlineAt(budgetMs, backgroundBudgetMs, now) - now;
  const exceeded = () => new DomainError('LEGACY_TIMEOUT', 'the request spent its budget for legacy CMS calls', { reason: 'deadline-exceeded' });
  if (left <= 0) return Promise.reject(exceeded());
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(exceeded()), left);
  });
  return Promise.race([pending, cut]).finally(() => clearTimeout(timer));
}
