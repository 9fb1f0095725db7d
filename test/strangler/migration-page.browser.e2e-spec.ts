import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';
import { startStranglerE2e, type StranglerE2e } from './strangler-e2e-kit.js';
import { ROUTED_METHODS } from '../../src/strangler/legacy-cms-routes.js';

/** The migration page in a real browser (Debian Chromium), behind the bearer token like every API route. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Playwright's own waits (30 s by default) become a ceiling a loaded machine never reaches. */
const BROWSER_CEILING_MS = 180_000;

let kit: StranglerE2e;
let browser: Browser;

beforeAll(async () => {
  kit = await startStranglerE2e();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: BROWSER_CEILING_MS });
});

afterAll(async () => {
  await browser?.close();
  await kit?.close();
});

describe('migration page in Chromium', () => {
  it('shows each route with its mode and the overall progress', async () => {
    await kit.setRoute('cases.getSummary', { mode: 'modern', fallback: true }, 'GraphQL summary for everyone');
    await kit.setRoute('documents.list', { mode: 'shadow' }, 'compare the read model');
    const token = await kit.tokenFor('cw010');
    const cw010 = kit.standIn.users.find((user) => user.username === 'cw010')!;
    const caseId = ((await (await kit.api(token, `/cases?urn=${cw010.visibleUrns[0]}`)).json()) as { cases: { caseId: string }[] }).cases[0].caseId;
    expect((await kit.api(token, `/cases/${caseId}`)).status).toBe(200);
    expect((await kit.api(token, `/cases/${caseId}/documents`)).status).toBe(200);

    const anonymous = await browser.newContext();
    anonymous.setDefaultTimeout(BROWSER_CEILING_MS);
    const refused = await (await anonymous.newPage()).goto(`${kit.base}/api/v1/migration/page`);
    expect(refused?.status()).toBe(401);
    await anonymous.close();

    const context = await browser.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${await kit.adminToken()}` } });
    context.setDefaultTimeout(BROWSER_CEILING_MS);
    try {
      const page = await context.newPage();
      const response = await page.goto(`${kit.base}/api/v1/migration/page`);
      expect(response?.status()).toBe(200);
      expect(await page.title()).toBe('Strangler migration');

      const rows = await Promise.all((await page.locator('tbody tr').all()).map(async (row) => (await row.locator('td').allTextContents()).map((text) => text.trim())));
      const modeOf = new Map(rows.map((cells) => [cells[0], cells[2]]));
      // Every LegacyCms method is a route (ADR 0024).
      const total = ROUTED_METHODS.length;
      expect(modeOf.size).toBe(total);
      expect(modeOf.get('cases.getSummary')).toBe('modern (fallback)');
      expect(modeOf.get('documents.list')).toBe('shadow');
      expect(modeOf.get('notes.add')).toBe('legacy');
      const summaryRow = rows.find((cells) => cells[0] === 'cases.getSummary')!;
      expect(summaryRow[3]).toBe('100.0% of 1');

      const progress = (await page.locator('body > p').first().textContent()) ?? '';
      expect(progress.replace(/\s+/g, ' ')).toContain(`${(100 / total).toFixed(1)}% of ${total} routes on modern (legacy: ${total - 2} · shadow: 1 · canary: 0 · modern: 1)`);
      expect(await page.locator('progress').getAttribute('value')).toBe((1 / total).toFixed(4));
    } finally {
      await context.close();
    }
  });
});
