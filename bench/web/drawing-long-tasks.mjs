// Issue 15: "draft saves never block drawing (no long task > 50 ms while drawing)", measured in Chromium with the
// Performance API (PerformanceObserver 'longtask').
// Usage: npm run bench:web-drawing -- [--boxes=60] [--rounds=3]
// The built facade (dist/main.js) in embedded mode serves the built web app (web/dist) with its own stand-in; Chromium
// (playwright-core, Debian's /usr/bin/chromium) signs in, opens a statement, starts a redaction session and draws
// BOXES boxes by mouse drag on page 1, pausing now and then as a lawyer does, so the debounced draft saves
// (PUT …/redaction-session/draft) run between and during the drags. Long tasks are collected from the first drag to
// the last draft save. Peers, same run, same page, each from an empty draft: the same drawing with the draft saves held
// at the network (the first PUT never answers, so no save completes: autosave off), and the page idle for as long.
// Rounds alternate the three.
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
  await page.getByRole('button', { name: 'Start redacting' }).waitFor();

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

  /** A fresh session (an empty draft), so every run draws the same boxes onto the same page. */
  const freshSession = async () => {
    if ((await page.getByRole('button', { name: 'Cancel redaction' }).count()) > 0) await page.getByRole('button', { name: 'Cancel redaction' }).click();
    await page.getByRole('button', { name: 'Start redacting' }).click();
    await page.getByText('Finding suggestions…').waitFor({ state: 'detached' });
    await page.getByRole('radio', { name: 'Draw boxes' }).check();
  };

  /** BOXES drags on page 1; `held` answers no draft save (autosave effectively off: the first PUT never returns). */
  const drawing = async ({ held }) => {
    await freshSession();
    const routes = [];
    if (held) await page.route('**/redaction-session/draft', (route) => routes.push(route));
    // Where page 1 is on the screen now (checking the radio may have scrolled the window).
    const bounds = await page.locator('.pdf-page[data-page-index="0"]').boundingBox();
    const top = Math.max(bounds.y, 0) + 20;
    const bottom = Math.min(bounds.y + bounds.height, 900) - 40;
    const savesBefore = draftSaves;
    const begin = performance.now();
    await observe();
    const columns = 6;
    for (let at = 0; at < BOXES; at += 1) {
      const x = bounds.x + 20 + (at % columns) * ((bounds.width - 40) / columns);
      const y = top + Math.floor(at / columns) * ((bottom - top) / Math.ceil(BOXES / columns));
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 60, y + 12, { steps: 10 });
      await page.mouse.up();
      // A lawyer pauses between boxes: every fourth pause is longer than the save debounce, so saves run between drags too.
      await page.waitForTimeout(at % 4 === 3 ? 800 : 120);
    }
    if (!held) await page.getByRole('status').filter({ hasText: /Draft saved at/ }).waitFor();
    const tasks = await collect();
    const ms = performance.now() - begin;
    if (held) {
      for (const route of routes) await route.abort().catch(() => undefined);
      await page.unroute('**/redaction-session/draft');
    }
    return { ms, tasks, saves: draftSaves - savesBefore };
  };
  const idle = async (ms) => {
    await observe();
    await page.waitForTimeout(ms);
    return { ms, tasks: await collect(), saves: 0 };
  };

  const rounds = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const saving = await drawing({ held: false });
    const held = await drawing({ held: true });
    const still = await idle(saving.ms);
    rounds.push({ saving, held, still });
  }
  const runs = ['saving', 'held', 'still'];
  const over = (tasks) => tasks.filter((ms) => ms > LONG_TASK_MS).length;
  const longest = (tasks) => Math.round(Math.max(0, ...tasks));
  const summary = (run) => ({ seconds: Math.round(run.ms / 100) / 10, longTasks: over(run.tasks), longestMs: longest(run.tasks), draftSaves: run.saves });
  const table = rounds.map((round, at) => ({ round: at + 1, ...Object.fromEntries(runs.map((name) => [name, summary(round[name])])) }));
  const total = (name) => {
    const tasks = rounds.flatMap((round) => round[name].tasks);
    return { longTasksOver50ms: over(tasks), longestMs: longest(tasks), draftSaves: rounds.reduce((sum, round) => sum + round[name].saves, 0) };
  };
  const result = {
    machine: { cpus: cpus().length, loadavg: loadavg().map((value) => Math.round(value * 10) / 10) },
    boxesPerRun: BOXES,
    rounds: table,
    drawingWithAutosave: total('saving'),
    drawingWithSavesHeld: total('held'),
    idle: total('still'),
  };
  console.log(`| round | drawing + autosave: s | draft saves | long tasks > 50 ms | longest (ms) | drawing, saves held: long tasks | longest (ms) | idle: long tasks | longest (ms) |`);
  console.log(`|---|---|---|---|---|---|---|---|---|`);
  for (const row of table) console.log(`| ${row.round} | ${row.saving.seconds} | ${row.saving.draftSaves} | ${row.saving.longTasks} | ${row.saving.longestMs} | ${row.held.longTasks} | ${row.held.longestMs} | ${row.still.longTasks} | ${row.still.longestMs} |`);
  const a = result.drawingWithAutosave;
  const b = result.drawingWithSavesHeld;
  const c = result.idle;
  console.log(`\nDrawing ${BOXES} boxes × ${ROUNDS}: with autosave ${a.longTasksOver50ms} long tasks (longest ${a.longestMs} ms, ${a.draftSaves} draft saves); saves held ${b.longTasksOver50ms} (longest ${b.longestMs} ms); idle ${c.longTasksOver50ms} (longest ${c.longestMs} ms). Load ${result.machine.loadavg.join(' ')} on ${result.machine.cpus} cores.`);
  writeFileSync(join(root, 'bench', 'web', 'results-latest.json'), JSON.stringify(result, null, 2));
} finally {
  await browser?.close();
  cleanUp();
}
