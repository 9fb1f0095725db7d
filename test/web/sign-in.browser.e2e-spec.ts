import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { axeViolations, screenshot, startWebE2e, type WebE2e } from './web-e2e-kit.js';

let kit: WebE2e;

beforeAll(async () => {
  kit = await startWebE2e();
});

afterAll(async () => {
  await kit?.close();
});

describe('the web app: sign-in and finding a case', () => {
  it('serves the app at / with its own CSP and its settings before sign-in', async () => {
    const index = await fetch(`${kit.base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const settings = await fetch(`${kit.base}/web-app/settings.json`);
    expect(await settings.json()).toEqual({ signIn: { mode: 'dev' }, apiOrigin: '' });
    // The API keeps its own CSP: nothing loads from an API answer.
    expect((await fetch(`${kit.base}/api/v1/redaction-types`)).headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('signs in as a stand-in user, finds a case by URN and shows its header, with no axe violations', async () => {
    const cw010 = kit.standIn.users.find((user) => user.username === 'cw010')!;
    const { page } = await kit.signedInPage('cw010');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '01-find-a-case');

    // A malformed URN: the facade's problem, shown with its reference.
    await page.getByLabel('Case URN').fill('not a urn');
    await page.getByRole('button', { name: 'Find' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/Reference: .*VALIDATION_FAILED/);

    await page.getByLabel('Case URN').fill('99ZZ9999999');
    await page.getByRole('button', { name: 'Find' }).click();
    expect(await page.getByRole('status').textContent()).toContain('No case you can see has the URN 99ZZ9999999');

    await page.getByLabel('Case URN').fill(cw010.visibleUrns[0]);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(cw010.visibleUrns[0]) }).waitFor();
    expect(page.url()).toMatch(/#\/cases\/[^/]+$/);
    expect(await axeViolations(page)).toEqual([]);

    // A reload keeps the user signed in and on the case (the token is kept for the tab).
    await page.reload();
    await page.getByRole('heading', { level: 1, name: new RegExp(cw010.visibleUrns[0]) }).waitFor();
  });
});
