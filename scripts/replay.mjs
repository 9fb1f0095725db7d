#!/usr/bin/env node
// Replays a route's recorded legacy calls against its modern implementation (or a write's dry run), through the
// facade's admin API, and prints the shadow diff report: counts, top differing paths, samples without values.
//
//   npm run replay -- <route> [--as USER] [--limit N] [--json]
//
// Recording is turned on per route first: PUT /api/v1/admin/routes/<route>/recording (ADR 0026).
// Options: --url (default http://127.0.0.1:3000), --token (or env FACADE_TOKEN), --user for the dev token.
// Without a token it asks the embedded dev issuer (POST /dev/token) for an admin token of --user
// (default alice.admin); that only works when the facade runs embedded with the stand-in.
import { parseArgs } from 'node:util';
import { ADMIN_CLI_OPTIONS, devToken, problemText } from './lib/admin-api.mjs';

const USAGE = `usage: npm run replay -- <route> [options]

Replays the recorded legacy calls of <route> against its modern side, as a legacy user, and compares.

options:
  --as USER        legacy username with access to the recorded cases; modern is called as this user
                   (default: --user)
  --limit N        only the newest N recorded calls
  --json           print the API's JSON answer
  --url URL        facade base URL (default http://127.0.0.1:3000)
  --token TOKEN    bearer token with the Facade.Admin role (default: env FACADE_TOKEN, else a dev token)
  --user NAME      user for the dev token (default alice.admin)

exit code: 0 every call matched, 3 differences or modern failures, 1 the replay failed, 2 usage
`;

class UsageError extends Error {}

function parse(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...ADMIN_CLI_OPTIONS,
      as: { type: 'string' },
      limit: { type: 'string' },
    },
  });
  return { options: values, args: positionals };
}

const pct = (share) => (share === null || share === undefined ? '-' : `${(share * 100).toFixed(1)}%`);

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows.map((row) => row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

const side = (value) => (value === null ? '(none)' : `${value.type}#${value.hash}`);

function reportText(report) {
  const lines = [
    `${report.route} (${report.kind}): ${report.recorded} recorded calls replayed against ${report.implementation} as ${report.as}`,
    `compared ${report.compared}: ${report.matches} match, ${report.mismatches} mismatch (${pct(report.mismatchRate)}); modern errors ${report.modernErrors}, timeouts ${report.modernTimeouts}`,
  ];
  if (report.topPaths.length > 0) lines.push('', table([['PATH', 'CALLS'], ...report.topPaths.map((entry) => [entry.path, entry.count])]));
  for (const sample of report.samples) {
    lines.push('', `recorded ${sample.at}${sample.truncated ? ' (more differences not shown)' : ''}`);
    for (const difference of sample.differences) lines.push(`  ${difference.kind.padEnd(7)} ${difference.path}  legacy ${side(difference.legacy)}  modern ${side(difference.modern)}`);
  }
  return lines.join('\n');
}

async function run(argv) {
  const { options, args } = parse(argv);
  if (options.help || args.length === 0) {
    process.stdout.write(USAGE);
    return options.help ? 0 : 2;
  }
  if (args.length !== 1) throw new UsageError('give one route');
  const [route] = args;
  const body = { as: options.as ?? options.user };
  if (options.limit !== undefined) {
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
    body.limit = limit;
  }
  const base = options.url.replace(/\/+$/, '');
  const token = options.token ?? process.env.FACADE_TOKEN ?? (await devToken(base, options.user));
  let response;
  try {
    response = await fetch(`${base}/api/v1/admin/routes/${encodeURIComponent(route)}/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new Error(`cannot reach ${base}: ${error.cause?.code ?? error.message}`);
  }
  if (!response.ok) throw new Error(`replay of ${route} failed: ${await problemText(response)}`);
  const report = await response.json();
  process.stdout.write(`${options.json ? JSON.stringify(report, null, 2) : reportText(report)}\n`);
  return report.mismatches > 0 || report.modernErrors > 0 || report.modernTimeouts > 0 ? 3 : 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError || error?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || error?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      process.stderr.write(`replay: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`replay: ${error.message}\n`);
    process.exit(1);
  },
);
