// Issue 15: "draft saves never block drawing (no long task > 50 ms while drawing)", measured in Chromium with the
// Performance API (PerformanceObserver 'longtask').
// Usage: npm run bench:web-drawing -- [--boxes=60] [--rounds=3]
// The built facade (dist/main.js) in embedded mode serves the built web app (web/dist) with its own stand-in; Chromium
// (playwright-core, Debian's /usr/bin/chromium) signs in, opens a statement, starts a redaction session and draws
// BOXES boxes by mouse drag on page 1, pausing now and then as a lawyer does, so the debounced draft saves
// (PUT …/redaction-session/draft) run between and during the drags. Long tasks are collected from the first drag to
// the last draft save. Peer, same run, same page: the page idle for the same duration. Rounds alternate the two.
import { mkdtempSync, rmSync, existsSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { freePort, parseArgs, root, waitFor } from '../lib/harness.mjs';

const args = parseArgs();
const BOXES = Number(args.boxes ?? 60);
const ROUNDS = Number(args.rounds ?? 3);
const USER = 'alice.admin';
const CASE_ID = '1';
const LONG_TASK_MS = 50;

const newest = (folder) => readdirSync(folder, { withFileTypes: true }).reduce((max, entry) => Math.max(max, entry.isDirectory() ? newest(join(folder, entry.name)) : statSync(join(folder, entry.name)).mtimeMs), 0);
const index = join(root, 'web', 'dist', 'index.html');
if (!existsSync(index) || newest(join(root, 'web', 'src')) > statSync(index).mtimeMs) execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: root, stdio: 'inherit' });

const work = mkdtempSync(join(tmpdir(), 'bench-web-drawing-'));
const port = await freePort();
// Embedded mode: no legacy URL, so the facade starts its own stand-in and the dev sign-in; OCR off (a statement needs none).
const facade = spawn(process.execPath, [join(root, 'dist', 'main.js')], {
  cwd: root,
  env: { ...process.env, APP_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: join(work, 'facade'), LOG_LEVEL: 'warn', OCR: 'off', WEB_APP_DIR: join(root, 'web', 'dist') },
  stdio: ['ignore', 'ignore', 'inherit'],
});
let browser;
const cleanUp = () => {
  facade.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
};
process.on('exit', cleanUp);

try {
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/health/live`, 180_000);
  const token = (await (await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: USER }) })).json()).accessToken;
  const api = async (route, init = {}) => fetch(`${base}/api/v1${route}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  const statement = (await (await api(`/cases/${CASE_ID}/documents`)).json()).documents.find((document) => document.parentDocumentId === null && document.title.startsWith('MG11 Statement of'));
  // The whole case ingested first, so no background conversion competes with the browser for the 2 cores.
  await api(`/cases/${CASE_ID}/refresh`, { method: 'POST' });
  for (let status = ''; status !== 'done'; ) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    status = (await (await api(`/cases/${CASE_ID}/tracker`)).json()).status;
  }

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(180_000);
  const page = await context.newPage();
  let draftSaves = 0;
  page.on('request', (request) => {
    if (request.method() === 'PUT' && request.url().endsWith('/redaction-session/draft')) draftSaves += 1;
  });
  await page.goto(`${base}/`);
  await page.getByLabel('User').selectOption(USER);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Find a case' }).waitFor();
  await page.goto(`${base}/#/cases/${CASE_ID}`);
  await page.getByRole('button', { name: statement.title, exact: true }).click();
  await page.locator('.pdf-page[data-page-index="0"] canvas').waitFor();
  await page.getByRole('tab', { name: 'Redact' }).click();
  await page.getByRole('button', { name: 'Start redacting' }).click();
  // Suggestions and the words have arrived (their outlines drawn): what is measured is drawing alone.
  await page.getByText('Finding suggestions…').waitFor({ state: 'detached' });
  await page.getByRole('radio', { name: 'Draw boxes' }).check();
  const bounds = await page.locator('.pdf-page[data-page-index="0"]').boundingBox();
  const visibleHeight = Math.min(bounds.height, 900 - bounds.y) - 20;

  /** Long tasks from now until stop(): [durations in ms]. */
  const observe = () =>
    page.evaluate(() => {
      const state = globalThis;
      state.__longTasks = [];
      state.__observer?.disconnect();
      state.__observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) state.__longTasks.push(entry.duration);
      });
      state.__observer.observe({ type: 'longtask' });
    });
  const collect = () =>
    page.evaluate(() => {
      globalThis.__observer.disconnect();
      return globalThis.__longTasks;
    });

  let boxesDrawn = 0;
  const drawing = async () => {
    const savesBefore = draftSaves;
    const begin = performance.now();
    await observe();
    const columns = 6;
    for (let at = 0; at < BOXES; at += 1) {
      const cell = boxesDrawn % 120;
      boxesDrawn += 1;
      const x = bounds.x + 20 + (cell % columns) * ((bounds.width - 40) / columns);
      const y = bounds.y + 20 + Math.floor(cell / columns) * ((visibleHeight - 40) / 20);
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 60, y + 14, { steps: 10 });
      await page.mouse.up();
      // A lawyer pauses between boxes: every fourth pause is longer than the save debounce, so saves run between drags too.
      await page.waitForTimeout(at % 4 === 3 ? 800 : 120);
    }
    await page.getByRole('status').filter({ hasText: /Draft saved at/ }).waitFor();
    const tasks = await collect();
    return { ms: performance.now() - begin, tasks, saves: draftSaves - savesBefore };
  };
  const idle = async (ms) => {
    await observe();
    await page.waitForTimeout(ms);
    return { ms, tasks: await collect(), saves: 0 };
  };

  const rounds = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const drawn = await drawing();
    const still = await idle(drawn.ms);
    rounds.push({ drawn, still });
  }
  const summary = (run) => ({ seconds: Math.round(run.ms / 100) / 10, longTasks: run.tasks.length, longestMs: Math.round(Math.max(0, ...run.tasks)), draftSaves: run.saves });
  const table = rounds.map((round, at) => ({ round: at + 1, drawing: summary(round.drawn), idle: summary(round.still) }));
  const worst = Math.max(...rounds.map((round) => Math.max(0, ...round.drawn.tasks)));
  const worstIdle = Math.max(...rounds.map((round) => Math.max(0, ...round.still.tasks)));
  const over = rounds.reduce((sum, round) => sum + round.drawn.tasks.filter((ms) => ms > LONG_TASK_MS).length, 0);
  const overIdle = rounds.reduce((sum, round) => sum + round.still.tasks.filter((ms) => ms > LONG_TASK_MS).length, 0);
  const result = {
    machine: { cpus: cpus().length, loadavg: loadavg().map((value) => Math.round(value * 10) / 10) },
    boxesPerRound: BOXES,
    rounds: table,
    drawing: { longTasksOver50ms: over, longestMs: worst, draftSaves: rounds.reduce((sum, round) => sum + round.drawn.saves, 0) },
    idlePeer: { longTasksOver50ms: overIdle, longestMs: worstIdle },
  };
  console.log(`| round | drawing: s | boxes | draft saves | long tasks | longest (ms) | idle peer: long tasks | longest (ms) |`);
  console.log(`|---|---|---|---|---|---|---|---|`);
  for (const row of table) console.log(`| ${row.round} | ${row.drawing.seconds} | ${BOXES} | ${row.drawing.draftSaves} | ${row.drawing.longTasks} | ${row.drawing.longestMs} | ${row.idle.longTasks} | ${row.idle.longestMs} |`);
  console.log(`\nDrawing: ${over} long tasks over ${LONG_TASK_MS} ms (longest ${worst} ms) with ${result.drawing.draftSaves} draft saves; idle peer: ${overIdle} (longest ${worstIdle} ms). Load ${result.machine.loadavg.join(' ')} on ${result.machine.cpus} cores.`);
  writeFileSync(join(root, 'bench', 'web', 'results-latest.json'), JSON.stringify(result, null, 2));
} finally {
  await browser?.close();
  cleanUp();
}
