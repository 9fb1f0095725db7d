import type { MigrationReport, MigrationRouteReport } from './migration-report.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

const percent = (share: number | null): string => (share === null ? '–' : `${(share * 100).toFixed(1)}%`);

function modeCell(route: MigrationRouteReport): string {
  let text = route.mode;
  if (route.canary !== null) text += ` ${route.canary.percent}%${route.canary.cohortSize > 0 ? ` + ${route.canary.cohortSize} users` : ''}`;
  if (route.fallback) text += ' (fallback)';
  const problem = route.problem === null ? '' : `<br><small class="problem">wanted ${escapeHtml(route.desiredMode)}: ${escapeHtml(route.problem)}</small>`;
  return `<span class="mode mode-${escapeHtml(route.mode)}">${escapeHtml(text)}</span>${problem}`;
}

const rate = (value: number | null): string => (value === null ? '–' : value.toFixed(3));

function rampCell(route: MigrationRouteReport): string {
  const ramp = route.ramp;
  if (ramp === null) return '–';
  const steps = ramp.steps.map((step, index) => (index === ramp.stepIndex ? `<b>${step}%</b>` : `${step}%`)).join(' → ');
  const gates = `gates: mismatch ≤ ${ramp.gates.maxMismatchAboveNoise}, fallback ≤ ${ramp.gates.maxFallbackRate}, errors ≤ ${ramp.gates.maxModernErrorRate}, p99 ratio ≤ ${ramp.gates.maxP99Ratio}`;
  const f = ramp.lastFigures;
  const figures =
    f === null
      ? 'not evaluated yet'
      : `last: ${f.calls} calls, mismatch ${rate(f.mismatchAboveNoise)}, fallback ${rate(f.fallbackRate)}, errors ${rate(f.modernErrorRate)}, p99 ratio ${rate(f.p99Ratio)}`;
  const end = ramp.endReason === null ? '' : `<br>${escapeHtml(ramp.endReason)}`;
  return `${escapeHtml(ramp.status)} (safe: ${escapeHtml(ramp.safeMode)}, bake ${ramp.bakeSeconds} s, ≥ ${ramp.minCalls} calls)<br>${steps}<br><small>${escapeHtml(gates)}<br>${escapeHtml(figures)}${end}</small>`;
}

function clientsCell(route: MigrationRouteReport): string {
  return route.clients.length === 0 ? '–' : route.clients.map((client) => `${escapeHtml(client.name)}: ${client.calls}`).join('<br>');
}

function row(route: MigrationRouteReport): string {
  const change = route.lastChange === null ? 'default (legacy)' : `${escapeHtml(route.lastChange.at)}<br>${escapeHtml(route.lastChange.by)}: ${escapeHtml(route.lastChange.reason)}`;
  const paths = route.shadow.topPaths.map((entry) => `${escapeHtml(entry.path)} (${entry.count}${entry.alsoInNoise ? ', noise' : ''})`).join('<br>');
  const cells = [
    `<code>${escapeHtml(route.name)}</code>`,
    escapeHtml(route.kind),
    modeCell(route),
    `${percent(route.modernShare)} of ${route.calls.total}`,
    `${percent(route.shadow.mismatchRate)} of ${route.shadow.compared}`,
    `${percent(route.shadow.noiseFloor)} of ${route.shadow.noiseCompared}`,
    percent(route.shadow.mismatchRateAboveNoise),
    String(route.shadow.modernErrors + route.shadow.modernTimeouts),
    `${route.fallbacks.onError} error / ${route.fallbacks.onTimeout} timeout`,
    paths === '' ? '–' : paths,
    clientsCell(route),
    rampCell(route),
    change,
  ];
  return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
}

/** The migration report as one self-contained HTML page (no scripts; every value escaped). */
export function renderMigrationPage(report: MigrationReport): string {
  const progress = report.progress;
  const modes = Object.entries(progress.byMode)
    .map(([mode, count]) => `${escapeHtml(mode)}: ${count}`)
    .join(' · ');
  const headings = ['Route', 'Kind', 'Mode', 'Modern share', 'Mismatch rate', 'Noise floor', 'Above noise', 'Modern errors', 'Fallbacks', 'Differing paths', 'Clients', 'Ramp', 'Last change'];
  const unregistered =
    report.unregisteredRoutes.length === 0 ? '' : `<p class="problem">States stored for unknown routes: ${report.unregisteredRoutes.map((name) => `<code>${escapeHtml(name)}</code>`).join(', ')}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Strangler migration</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}
progress{width:24rem;height:1.2rem}
.mode{font-weight:600}.mode-modern{color:#0a6b2d}.mode-canary{color:#8a5a00}.mode-shadow{color:#1d4f91}
.problem{color:#a30000}
</style>
</head>
<body>
<h1>Strangler migration</h1>
<p><progress max="1" value="${progress.modernRouteShare.toFixed(4)}"></progress>
${percent(progress.modernRouteShare)} of ${progress.routes} routes on modern (${modes}); ${percent(progress.modernCallShare)} of calls served by modern.</p>
${unregistered}
<table>
<thead><tr>${headings.map((heading) => `<th>${heading}</th>`).join('')}</tr></thead>
<tbody>
${report.routes.map(row).join('\n')}
</tbody>
</table>
<p><small>Generated ${escapeHtml(report.generatedAt)}. Call counts are every instance's (shared counters); differing paths are this instance's.</small></p>
</body>
</html>
`;
}
