import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_ROLES, axeViolations, screenshot, startWebE2e, type WebE2e } from './web-e2e-kit.js';

let kit: WebE2e;
let adminToken: string;

beforeAll(async () => {
  kit = await startWebE2e();
  adminToken = await kit.tokenFor('alice.admin', ADMIN_ROLES);
});

afterAll(async () => {
  await kit?.close();
});

const setRoute = async (name: string, body: Record<string, unknown>) => {
  const response = await kit.api(adminToken, `/admin/routes/${name}`, { method: 'PUT', body });
  expect(response.status).toBe(200);
};

describe('the web app: the migration dashboard', () => {
  it('shows an admin every route’s mode, traffic and callers by client, and changes a mode with a reason', async () => {
    await setRoute('documents.list', { mode: 'shadow', reason: 'compare the read model' });
    await setRoute('cases.getSummary', { mode: 'modern', fallback: true, reason: 'GraphQL summary for everyone' });
    // A ramp that will not advance during the test (an hour's bake, a thousand calls per step).
    const ramp = await kit.api(adminToken, '/admin/routes/notes.list/ramp', {
      method: 'PUT',
      body: { steps: [5, 25, 100], bakeSeconds: 3600, minCalls: 1000, gates: { maxMismatchAboveNoise: 0.01, maxFallbackRate: 0.05, maxModernErrorRate: 0.01, maxP99Ratio: 2 } },
    });
    expect(ramp.status).toBe(200);
    // A few calls by a named client, so the routes have traffic to show.
    const token = await kit.tokenFor('cw010');
    const cw010 = kit.standIn.users.find((user) => user.username === 'cw010')!;
    const client = { 'x-client-name': 'bulk-export.v2' };
    const found = (await (await kit.api(token, `/cases?urn=${cw010.visibleUrns[0]}`, { headers: client })).json()) as { cases: { caseId: string }[] };
    const caseId = found.cases[0].caseId;
    expect((await kit.api(token, `/cases/${caseId}`, { headers: client })).status).toBe(200);
    expect((await kit.api(token, `/cases/${caseId}/documents`, { headers: client })).status).toBe(200);

    const { page } = await kit.signedInPage('alice.admin', { admin: true });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Migration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Migration' }).waitFor();
    const routes = page.getByRole('region', { name: 'Routes table', exact: true });
    const row = (name: string) => routes.locator(`tr[data-route="${name}"]`);
    await row('documents.list').waitFor();
    expect(await row('documents.list').locator('[data-column="mode"]').textContent()).toBe('shadow');
    expect(await row('cases.getSummary').locator('[data-column="mode"]').textContent()).toBe('modern');
    expect(await row('notes.add').locator('[data-column="mode"]').textContent()).toBe('legacy');
    expect(await row('cases.getSummary').locator('td').nth(1).textContent()).toBe('Yes');
    expect(await row('notes.list').locator('[data-column="mode"]').textContent()).toBe('canary 5%');
    expect(await row('notes.list').locator('[data-column="ramp"]').textContent()).toBe('active, step 1 of 3 at 5%');
    // Traffic: the summary was served by modern, and the named client is listed among its callers.
    const calls = (await row('cases.getSummary').locator('[data-column="calls"]').textContent()) ?? '';
    const [, total, , modern] = /^(\d+) \((\d+) \/ (\d+)\)$/.exec(calls)!.map(Number);
    expect(total).toBeGreaterThanOrEqual(1);
    expect(modern).toBe(total);
    expect(await row('cases.getSummary').locator('[data-column="clients"]').textContent()).toMatch(/bulk-export\.v2 [1-9]/);
    expect(await page.getByTestId('routes-modern').textContent()).toBe('1');
    expect(await page.getByTestId('routes-shadow').textContent()).toBe('1');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'migration-01-dashboard');

    // A ramp's gates and steps in the route's details.
    await page.getByRole('button', { name: 'Details of notes.list' }).click();
    const rampDetails = page.getByRole('region', { name: 'Route notes.list' });
    await rampDetails.getByRole('table', { name: 'Gates' }).getByRole('row', { name: /Fallback rate 5%/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'migration-02-ramp');
    await rampDetails.getByRole('button', { name: 'Close details' }).click();
    expect(await page.getByRole('button', { name: 'Details of notes.list' }).evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);

    // Details of a route: its history, and a mode change with a reason (audited by the API).
    await page.getByRole('button', { name: 'Details of documents.list' }).click();
    const details = page.getByRole('region', { name: 'Route documents.list' });
    await details.getByRole('cell', { name: 'compare the read model' }).waitFor();
    await details.getByLabel('Mode', { exact: true }).selectOption('legacy');
    await details.getByLabel(/^Reason/).fill('back to legacy after the comparison');
    await details.getByRole('button', { name: 'Change the mode' }).click();
    await details.getByRole('status').filter({ hasText: 'documents.list is now asked to run legacy.' }).waitFor();
    await details.getByRole('cell', { name: 'back to legacy after the comparison' }).waitFor();
    await routes.locator('tr[data-route="documents.list"] [data-column="mode"]', { hasText: /^legacy$/ }).waitFor();
    const stored = (await (await kit.api(adminToken, '/admin/routes/documents.list')).json()) as { mode: string; desired: { reason: string; updatedBy: string } };
    expect(stored).toMatchObject({ mode: 'legacy', desired: { reason: 'back to legacy after the comparison', updatedBy: 'alice.admin' } });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'migration-03-route-details');
  });

  it('is not offered to a user who is not an administrator, and the API refuses them', async () => {
    const { page } = await kit.signedInPage('cw010');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Cases' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Migration' }).count()).toBe(0);
    await page.goto(`${kit.base}/#/migration`);
    await page.getByRole('alert').filter({ hasText: 'The migration dashboard is for facade administrators.' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Migration' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'migration-04-refused');

    const refused = await kit.api(await kit.tokenFor('cw010'), '/migration');
    expect(refused.status).toBe(403);
    const admin = await kit.api(await kit.tokenFor('cw010'), '/admin/routes');
    expect(admin.status).toBe(403);
  });
});
