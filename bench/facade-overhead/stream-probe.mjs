// Dev aid: the largest document straight from the file store and through …/content, alternating, N times each
// (node stream-probe.mjs [rounds] [--profile=<dir>]); per-round MB/s, the ratio, the facade's RSS growth and CPU.
import { readFileSync } from 'node:fs';
import { createWorkspace, parseArgs, startFacadeProcess, startJwks, startStandInProcess } from '../lib/harness.mjs';
import { cpuSecondsOf } from '../lib/paced-load.mjs';
import { classicContract } from '../../dist/legacy/soap/casework-wsdl.js';
import { readSoapEnvelope } from '../../dist/legacy/soap/soap-envelope.reader.js';
import { writeSoapEnvelope } from '../../dist/legacy/soap/soap-envelope.writer.js';

const args = parseArgs();
const rounds = Number(args.rounds ?? 3);
const workspace = createWorkspace('bench-stream-');
const standIn = await startStandInProcess(workspace);
const jwks = await startJwks();
const token = await jwks.sign({ username: 'alice.admin', subject: 'bench-user' });
const nodeArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
const facade = await startFacadeProcess(workspace, { standIn, jwks, nodeArgs, env: { LOG_LEVEL: 'info' } });
const auth = { authorization: `Bearer ${token}` };

const { requestElement, soapAction, responseElement } = classicContract().operations.get('AuthenticateOnBehalfOf');
const login = await fetch(standIn.soapUrl, {
  method: 'POST',
  headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${soapAction}"` },
  body: writeSoapEnvelope(requestElement, { ServiceUsername: standIn.serviceUsername, ServicePassword: standIn.servicePassword, OnBehalfOfUsername: 'alice.admin' }),
});
const session = readSoapEnvelope(await login.text(), responseElement).result.SessionToken;

let best = null;
for (const urn of standIn.users.find((u) => u.username === 'alice.admin').visibleUrns) {
  for (const c of (await (await fetch(`${facade.url}/api/v1/cases?urn=${urn}`, { headers: auth })).json()).cases ?? []) {
    for (const d of (await (await fetch(`${facade.url}/api/v1/cases/${c.caseId}/documents`, { headers: auth })).json()).documents ?? []) {
      if (!best || d.sizeBytes > best.doc.sizeBytes) best = { caseId: c.caseId, doc: d };
    }
  }
}
const { caseId, doc } = best;
const pad = (id) => id.padStart(8, '0');
const directUrl = `${standIn.filesUrl.replace(/\/files\/?$/, '')}/files/${pad(caseId)}/${pad(doc.documentId)}/${pad(doc.versionId)}`;
const facadeUrl = `${facade.url}/api/v1/cases/${caseId}/documents/${doc.documentId}/versions/${doc.versionId}/content`;

const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

async function download(url, headers, pid) {
  const before = rssOf(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
  const cpu0 = cpuSecondsOf(pid);
  const started = process.hrtime.bigint();
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  let bytes = 0;
  for await (const chunk of response.body) bytes += chunk.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  return { mbPerSec: bytes / 1_048_576 / seconds, rssGrowthMb: (peak - before) / 1_048_576, cpuSeconds: cpuSecondsOf(pid) - cpu0 };
}

console.log(`document ${(doc.sizeBytes / 1_048_576).toFixed(1)} MB`);
await download(directUrl, { cookie: `CMSSESSION=${session}` }, standIn.pid);
await download(facadeUrl, auth, facade.pid);
for (let round = 1; round <= rounds; round += 1) {
  const direct = await download(directUrl, { cookie: `CMSSESSION=${session}` }, standIn.pid);
  const through = await download(facadeUrl, auth, facade.pid);
  console.log(
    `round ${round}: direct ${direct.mbPerSec.toFixed(0)} MB/s, facade ${through.mbPerSec.toFixed(0)} MB/s, ratio ${(through.mbPerSec / direct.mbPerSec).toFixed(2)}, facade RSS +${through.rssGrowthMb.toFixed(1)} MB, facade CPU ${(through.cpuSeconds * 1000).toFixed(0)} ms`,
  );
}
process.exit(0);
