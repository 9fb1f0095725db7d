#!/usr/bin/env node
// The strangler route table from the command line, through the facade's admin API.
//
//   npm run routes -- list
//   npm run routes -- set <route> <mode> [--percent N] [--cohort a,b] [--fallback] [--allow-writes] [--reason "..."]
//   npm run routes -- kill <route> --reason "..."
//   npm run routes -- history <route> [--limit N]
//   npm run routes -- ramp <route> --steps 1,5,25,50,100 --bake 10m --min-calls 200 [--max-mismatch 0.01]
//        [--max-fallback 0.02] [--max-errors 0.01] [--max-p99-ratio 1.5] [--fallback]
//   npm run routes -- ramp-status <route>
//   npm run routes -- ramp-stop <route> --reason "..."
//
// Options: --url (default http://127.0.0.1:3000), --token (or env FACADE_TOKEN), --json (raw answers).
// Without a token it asks the embedded dev issuer (POST /dev/token) for an admin token of --user
// (default alice.admin); that only works when the facade runs embedded with the stand-in.
import { parseArgs } from 'node:util';
import { ADMIN_CLI_OPTIONS, devToken, problemText } from './lib/admin-api.mjs';

const USAGE = `usage: npm run routes -- <command> [options]

commands:
  list                               every route: mode, modern share, mismatch rate vs noise floor, fallbacks
  set <route> <mode>                 mode: legacy | shadow | canary | modern
      [--percent N] [--cohort a,b]   canary: share of users (0-100) and/or user ids (token subjects)
      [--fallback]                   canary/modern reads: answer from legacy when modern fails
      [--allow-writes]               canary/modern on a write route (explicit opt-in)
      [--reason "..."]               why (kept in the audit record)
  kill <route> --reason "..."        kill switch: back to legacy at once
  history <route> [--limit N]        audited changes, newest first
  ramp <route> --steps 1,5,25,50,100 --bake 10m [--min-calls N]
      [--max-mismatch R] [--max-fallback R] [--max-errors R] [--max-p99-ratio X] [--fallback]
                                     start a ramp plan: advances while the gates hold, rolls back by itself
  ramp-status <route>                the ramp's plan, current step and gate figures
  ramp-stop <route> --reason "..."   stop a ramp where it is

options:
  --url URL        facade base URL (default http://127.0.0.1:3000)
  --token TOKEN    bearer token with the Facade.Admin role (default: env FACADE_TOKEN, else a dev token)
  --user NAME      user for the dev token (default alice.admin)
  --json           print the API's JSON answer
`;

class UsageError extends Error {}

function parse(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...ADMIN_CLI_OPTIONS,
      percent: { type: 'string' },
      cohort: { type: 'string' },
      fallback: { type: 'boolean' },
      'allow-writes': { type: 'boolean' },
      reason: { type: 'string' },
      limit: { type: 'string' },
      steps: { type: 'string' },
      bake: { type: 'string' },
      'min-calls': { type: 'string', default: '100' },
      'max-mismatch': { type: 'string', default: '0.01' },
      'max-fallback': { type: 'string', default: '0.02' },
      'max-errors': { type: 'string', default: '0.01' },
      'max-p99-ratio': { type: 'string', default: '1.5' },
    },
  });
  return { options: values, command: positionals[0], args: positionals.slice(1) };
}

function client(base, token) {
  return async (method, path, body) => {
    let response;
    try {
      response = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new Error(`cannot reach ${base}: ${error.cause?.code ?? error.message}`);
    }
    if (!response.ok) throw new Error(`${method} ${path} failed: ${await problemText(response)}`);
    return response.json();
  };
}

const pct = (share) => (share === null || share === undefined ? '-' : `${(share * 100).toFixed(1)}%`);

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows.map((row) => row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

function modeText(route) {
  let text = route.mode;
  if (route.canary) text += ` ${route.canary.percent}%${route.canary.cohortSize > 0 ? `+${route.canary.cohortSize}` : ''}`;
  if (route.fallback) text += ' +fallback';
  if (route.desiredMode !== route.mode) text += ` (wanted ${route.desiredMode})`;
  return text;
}

function changeText(change) {
  const settings = (state) => {
    if (state === null) return 'legacy (default)';
    let text = state.mode;
    if (state.percent !== undefined) text += ` ${state.percent}%`;
    if (state.cohort?.length) text += ` cohort ${state.cohort.length}`;
    if (state.fallback) text += ' +fallback';
    if (state.allowWrites) text += ' +allowWrites';
    return text;
  };
  return `${change.at}  ${change.route}  ${settings(change.from)} -> ${settings(change.to)}  by ${change.actor}: ${change.reason}`;
}

function seconds(text) {
  const match = /^(\d+)(s|m|h)?$/.exec(text ?? '');
  if (match === null) throw new UsageError(`--bake wants a duration like 90s, 10m or 1h, not ${JSON.stringify(text)}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] ?? 's'];
}

function number(name, text) {
  const value = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(value)) throw new UsageError(`--${name} wants a number`);
  return value;
}

function rampText(ramp) {
  const steps = ramp.steps.map((step, index) => (index === ramp.stepIndex ? `[${step}%]` : `${step}%`)).join(' ');
  return `${ramp.status} ${steps}`;
}

function figuresText(figures) {
  if (!figures) return '-';
  const r = (value) => (value === null ? '-' : value.toFixed(3));
  return `calls ${figures.calls}, mismatch ${r(figures.mismatchAboveNoise)}, fallback ${r(figures.fallbackRate)}, errors ${r(figures.modernErrorRate)}, p99 ratio ${r(figures.p99Ratio)}`;
}

function gatesText(gates) {
  return `mismatch<=${gates.maxMismatchAboveNoise} fallback<=${gates.maxFallbackRate} errors<=${gates.maxModernErrorRate} p99ratio<=${gates.maxP99Ratio}`;
}

async function run(argv) {
  const { options, command, args } = parse(argv);
  if (options.help || command === undefined) {
    process.stdout.write(USAGE);
    return options.help ? 0 : 2;
  }
  const base = options.url.replace(/\/+$/, '');
  const token = options.token ?? process.env.FACADE_TOKEN ?? (await devToken(base, options.user));
  const call = client(base, token);
  const print = (value, text) => process.stdout.write(`${options.json ? JSON.stringify(value, null, 2) : text}\n`);

  switch (command) {
    case 'list': {
      if (args.length !== 0) throw new UsageError('list takes no arguments');
      const report = await call('GET', '/migration');
      const rows = [['ROUTE', 'KIND', 'MODE', 'MODERN', 'CALLS', 'MODERN SHARE', 'MISMATCH', 'NOISE FLOOR', 'FALLBACKS', 'RAMP', 'GATES', 'LAST FIGURES', 'LAST CHANGE']];
      for (const route of report.routes) {
        rows.push([
          route.name,
          route.kind,
          modeText(route),
          route.hasModern ? 'yes' : '-',
          route.calls.total,
          pct(route.modernShare),
          `${pct(route.shadow.mismatchRate)} of ${route.shadow.compared}`,
          pct(route.shadow.noiseFloor),
          route.fallbacks.onError + route.fallbacks.onTimeout,
          route.ramp ? rampText(route.ramp) : '-',
          route.ramp ? gatesText(route.ramp.gates) : '-',
          route.ramp ? figuresText(route.ramp.lastFigures) : '-',
          route.lastChange === null ? '-' : `${route.lastChange.by}: ${route.lastChange.reason}`,
        ]);
      }
      const { progress } = report;
      print(report, `${table(rows)}\n\n${progress.byMode.modern} of ${progress.routes} routes on modern (${pct(progress.modernRouteShare)}); ${pct(progress.modernCallShare)} of calls served by modern`);
      return 0;
    }
    case 'set': {
      const [route, mode] = args;
      if (route === undefined || mode === undefined || args.length !== 2) throw new UsageError('set needs <route> <mode>');
      const body = { mode, reason: options.reason ?? `set to ${mode} with the routes CLI` };
      if (options.percent !== undefined) {
        const percent = Number(options.percent);
        if (!Number.isFinite(percent)) throw new UsageError('--percent must be a number from 0 to 100');
        body.percent = percent;
      }
      if (options.cohort !== undefined) body.cohort = options.cohort.split(',').map((id) => id.trim()).filter(Boolean);
      if (options.fallback) body.fallback = true;
      if (options['allow-writes']) body.allowWrites = true;
      const change = await call('PUT', `/admin/routes/${encodeURIComponent(route)}`, body);
      print(change, changeText(change));
      return 0;
    }
    case 'kill': {
      const [route] = args;
      if (route === undefined || args.length !== 1) throw new UsageError('kill needs <route>');
      if (options.reason === undefined) throw new UsageError('kill needs --reason "..."');
      const change = await call('POST', `/admin/routes/${encodeURIComponent(route)}/kill-switch`, { reason: options.reason });
      print(change, changeText(change));
      return 0;
    }
    case 'history': {
      const [route] = args;
      if (route === undefined || args.length !== 1) throw new UsageError('history needs <route>');
      const query = options.limit === undefined ? '' : `?limit=${encodeURIComponent(options.limit)}`;
      const history = await call('GET', `/admin/routes/${encodeURIComponent(route)}/history${query}`);
      print(history, history.length === 0 ? `${route}: no changes (legacy by default)` : history.map(changeText).join('\n'));
      return 0;
    }
    case 'ramp': {
      const [route] = args;
      if (route === undefined || args.length !== 1) throw new UsageError('ramp needs <route>');
      if (options.steps === undefined || options.bake === undefined) throw new UsageError('ramp needs --steps 1,5,25,50,100 and --bake 10m');
      const body = {
        steps: options.steps.split(',').map((step) => number('steps', step.trim())),
        bakeSeconds: seconds(options.bake),
        minCalls: number('min-calls', options['min-calls']),
        gates: {
          maxMismatchAboveNoise: number('max-mismatch', options['max-mismatch']),
          maxFallbackRate: number('max-fallback', options['max-fallback']),
          maxModernErrorRate: number('max-errors', options['max-errors']),
          maxP99Ratio: number('max-p99-ratio', options['max-p99-ratio']),
        },
        ...(options.fallback ? { fallback: true } : {}),
      };
      const ramp = await call('PUT', `/admin/routes/${encodeURIComponent(route)}/ramp`, body);
      print(ramp, `${route}: ramp ${rampText({ ...ramp, steps: ramp.plan.steps })}, bake ${ramp.plan.bakeSeconds} s, ${gatesText(ramp.plan.gates)}`);
      return 0;
    }
    case 'ramp-status': {
      const [route] = args;
      if (route === undefined || args.length !== 1) throw new UsageError('ramp-status needs <route>');
      const ramp = await call('GET', `/admin/routes/${encodeURIComponent(route)}/ramp`);
      const lines = [
        `${route}: ${rampText({ ...ramp, steps: ramp.plan.steps })} (safe mode ${ramp.safeSettings.mode}; started ${ramp.startedAt} by ${ramp.startedBy})`,
        `gates: ${gatesText(ramp.plan.gates)}; bake ${ramp.plan.bakeSeconds} s; min calls ${ramp.plan.minCalls}`,
        `step since ${ramp.stepStartedAt}${ramp.current ? ` (${ramp.current.elapsedSeconds} s): ${figuresText(ramp.current.figures)}` : ''}`,
        `last evaluation: ${ramp.lastEvaluation ? `${ramp.lastEvaluation.at} ${ramp.lastEvaluation.verdict}: ${figuresText(ramp.lastEvaluation.figures)}` : '-'}`,
        ...(ramp.endReason ? [`ended ${ramp.endedAt}: ${ramp.endReason}`] : []),
      ];
      print(ramp, lines.join('\n'));
      return 0;
    }
    case 'ramp-stop': {
      const [route] = args;
      if (route === undefined || args.length !== 1) throw new UsageError('ramp-stop needs <route>');
      if (options.reason === undefined) throw new UsageError('ramp-stop needs --reason "..."');
      const ramp = await call('DELETE', `/admin/routes/${encodeURIComponent(route)}/ramp`, { reason: options.reason });
      print(ramp, `${route}: ramp ${ramp.status} at ${ramp.percent}%`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError || error?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || error?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      process.stderr.write(`routes: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`routes: ${error.message}\n`);
    process.exit(1);
  },
);
