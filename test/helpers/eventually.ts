/**
 * Polls `check` until it answers true, for work that finishes off the test's own call path (a
 * consumer loop, a cleanup after a stream closes, a background refresh).
 *
 * The deadline is a ceiling for a broken build, not something a test asserts: it is minutes, so
 * that a slow or loaded machine never reaches it. Tests assert what happened, never how fast.
 */
export const EVENTUALLY_CEILING_MS = 120_000;

export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  options: { readonly ceilingMs?: number; readonly intervalMs?: number; readonly state?: () => unknown } = {},
): Promise<void> {
  const { ceilingMs = EVENTUALLY_CEILING_MS, intervalMs = 20, state } = options;
  const deadline = Date.now() + ceilingMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const detail = state === undefined ? '' : `: ${JSON.stringify(await state())}`;
      throw new Error(`gave up waiting for ${what} after ${ceilingMs} ms${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
