// Dev aid: facade CPU per request for a few endpoints (node cpu-probe.mjs [seconds]); PROBE_ONLY=<label part> runs the matching ones.
import autocannon from 'autocannon';
import { createWorkspace, startFacadeProcess, startJwks, startStandInProcess } from '../lib/harness.mjs';
import { cpuSecondsOf } from '../lib/paced-load.mjs';
const seconds = Number(process.argv[2] ?? 5);
const workspace = createWorkspace('bench-probe-');
const standIn = await startStandInProcess(workspace);
const jwks = await startJwks();
const token = await jwks.sign({ username: 'alice.admin', subject: 'bench-user' });
// PROBE_PROFILE=<dir>: a V8 CPU profile of the facade (written when this probe exits).
const nodeArgs = process.env.PROBE_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROBE_PROFILE}`] : [];
const facade = await startFacadeProcess(workspace, { standIn, jwks, nodeArgs, env: process.env.PROBE_LOG_LEVEL ? { LOG_LEVEL: process.env.PROBE_LOG_LEVEL } : {} });
const auth = { authorization: `Bearer ${token}` };
const urn = standIn.users.find((u) => u.username === 'alice.admin').visibleUrns[0];
const caseId = (await (await fetch(`${facade.url}/api/v1/cases?urn=${urn}`, { headers: auth })).json()).cases[0].caseId;
const run = (url, headers) => new Promise((resolve, reject) => autocannon({ url, headers, connections: 32, duration: seconds }, (e, r) => (e ? reject(e) : resolve(r))));
for (const [label, path, headers] of [
  ['health/live', '/health/live', {}],
  ['migration report (auth, no legacy)', '/api/v1/migration', auth],
  ['case summary (SOAP)', `/api/v1/cases/${caseId}`, auth],
  ['documents (GraphQL)', `/api/v1/cases/${caseId}/documents`, auth],
].filter(([label]) => !process.env.PROBE_ONLY || label.includes(process.env.PROBE_ONLY))) {
  await run(`${facade.url}${path}`, headers);
  const f0 = cpuSecondsOf(facade.pid), s0 = cpuSecondsOf(standIn.pid);
  const r = await run(`${facade.url}${path}`, headers);
  const n = r.requests.total;
  console.log(`${label.padEnd(36)} ${String(Math.round(r.requests.average)).padStart(6)} req/s  facade ${((cpuSecondsOf(facade.pid) - f0) * 1000 / n).toFixed(3)} ms/req  stand-in ${((cpuSecondsOf(standIn.pid) - s0) * 1000 / n).toFixed(3)} ms/req  non2xx ${r.non2xx}`);
}
if (process.env.PROBE_PROFILE) {
  // Stop the facade while its stdout is still read, so it can shut down and write its profile.
  process.kill(facade.pid, 'SIGTERM');
  for (let waited = 0; waited < 60_000; waited += 100) {
    try {
      process.kill(facade.pid, 0);
    } catch {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
process.exit(0);
