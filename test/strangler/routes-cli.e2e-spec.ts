import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_USERNAME, startStranglerE2e, type StranglerE2e } from './strangler-e2e-kit.js';
import { LEGACY_CMS_ROUTES, ROUTED_METHODS } from '../../src/strangler/legacy-cms-routes.js';

/** `npm run routes` (scripts/routes.mjs) against the running facade, spawned with node as a user would run it. */
const CLI = fileURLToPath(new URL('../../scripts/routes.mjs', import.meta.url));

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    // Only the environment a test gives (so no FACADE_TOKEN leaks in from the runner).
    // The kill timeout is a ceiling for a hung CLI, far beyond what a loaded machine needs.
    execFile(process.execPath, [CLI, ...args], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

let kit: StranglerE2e;

beforeAll(async () => {
  kit = await startStranglerE2e();
});

afterAll(async () => {
  await kit?.close();
});

describe('routes CLI', () => {
  it('lists the routes with a dev admin token when none is given (embedded mode)', async () => {
    const result = await cli(['list', '--url', kit.base]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^ROUTE\s+KIND\s+MODE\s+MODERN/);
    expect(lines.find((line) => line.startsWith('documents.list '))).toMatch(/documents\.list\s+read\s+legacy\s+yes/);
    expect(lines.find((line) => line.startsWith('notes.add '))).toMatch(/notes\.add\s+write\s+legacy\s+-/);
    // Every LegacyCms method is a route (ADR 0024).
    for (const method of ROUTED_METHODS) expect(lines.some((line) => line.startsWith(`${LEGACY_CMS_ROUTES[method].name} `))).toBe(true);
    expect(result.stdout).toContain(`0 of ${ROUTED_METHODS.length} routes on modern (0.0%)`);
  });

  it('sets a canary with a reason, refuses what the table refuses, kills, and shows the history', async () => {
    const token = await kit.adminToken();
    const set = await cli(['set', 'cases.getSummary', 'canary', '--percent', '10', '--fallback', '--reason', 'first tenth of users', '--url', kit.base, '--token', token]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(`cases.getSummary  legacy (default) -> canary 10% +fallback  by ${ADMIN_USERNAME}: first tenth of users`);
    const view = (await (await kit.api(token, '/admin/routes/cases.getSummary')).json()) as { mode: string; desired: { percent: number; fallback: boolean } };
    expect(view).toMatchObject({ mode: 'canary', desired: { percent: 10, fallback: true } });

    const refused = await cli(['set', 'notes.add', 'shadow', '--reason', 'would write twice', '--url', kit.base], { FACADE_TOKEN: token });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('400 VALIDATION_FAILED');

    const killed = await cli(['kill', 'cases.getSummary', '--reason', 'errors in the canary', '--url', kit.base], { FACADE_TOKEN: token });
    expect(killed.code).toBe(0);
    expect(killed.stdout).toContain('canary 10% +fallback -> legacy');
    expect(((await (await kit.api(token, '/admin/routes/cases.getSummary')).json()) as { mode: string }).mode).toBe('legacy');

    const history = await cli(['history', 'cases.getSummary', '--url', kit.base, '--token', token, '--json']);
    expect(history.code).toBe(0);
    const changes = JSON.parse(history.stdout) as { reason: string; actor: string }[];
    expect(changes.map((change) => change.reason)).toEqual(['errors in the canary', 'first tenth of users']);
    expect(changes.every((change) => change.actor === ADMIN_USERNAME)).toBe(true);
  });

  it('starts a ramp, shows its step and gates in ramp-status and list, and stops it', async () => {
    const token = await kit.adminToken();
    const args = ['--url', kit.base, '--token', token];
    const started = await cli(['ramp', 'cases.getSummary', '--steps', '1,5,25,50,100', '--bake', '10m', '--min-calls', '200', '--max-fallback', '0.03', '--fallback', ...args]);
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    expect(started.stdout).toContain('cases.getSummary: ramp active [1%] 5% 25% 50% 100%, bake 600 s, mismatch<=0.01 fallback<=0.03 errors<=0.01 p99ratio<=1.5');
    const view = (await (await kit.api(token, '/admin/routes/cases.getSummary')).json()) as { desired: unknown };
    expect(view.desired).toMatchObject({ mode: 'canary', percent: 1, fallback: true });

    const status = await cli(['ramp-status', 'cases.getSummary', ...args]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('safe mode legacy');
    expect(status.stdout).toContain('bake 600 s; min calls 200');
    expect(status.stdout).toMatch(/step since \S+ \(\d+ s\): calls 0, mismatch -, fallback -, errors -, p99 ratio -/);

    const list = await cli(['list', ...args]);
    expect(list.stdout.split('\n')[0]).toMatch(/RAMP\s+GATES\s+LAST FIGURES/);
    expect(list.stdout.split('\n').find((line) => line.startsWith('cases.getSummary '))).toMatch(/active \[1%\] 5% 25% 50% 100%\s+mismatch<=0\.01 fallback<=0\.03/);

    const badBake = await cli(['ramp', 'cases.getSummary', '--steps', '1,100', '--bake', 'soon', ...args]);
    expect(badBake.code).toBe(2);
    expect(badBake.stderr).toContain('--bake wants a duration');

    const stopped = await cli(['ramp-stop', 'cases.getSummary', '--reason', 'release freeze', ...args]);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain('cases.getSummary: ramp stopped at 1%');
    const again = await cli(['ramp-stop', 'cases.getSummary', '--reason', 'twice', ...args]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('404 ROUTE_NOT_FOUND');
    await kit.setRoute('cases.getSummary', { mode: 'legacy' }, 'back after the CLI ramp test');
  });

  it('explains usage mistakes and refuses a caseworker token', async () => {
    const usage = await cli(['kill', 'cases.getSummary', '--url', kit.base]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('kill needs --reason');
    const caseworker = await cli(['history', 'cases.getSummary', '--url', kit.base, '--token', await kit.tokenFor('cw001')]);
    expect(caseworker.code).toBe(1);
    expect(caseworker.stderr).toContain('403');
  });
});
