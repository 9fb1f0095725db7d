// Dev aid: one saturated read through the facade with a V8 CPU profile of the facade (node profile-one.mjs documents|summary <dir>).
import autocannon from 'autocannon';
import { createWorkspace, startFacadeProcess, startJwks, startStandInProcess } from '../lib/harness.mjs';
const [which = 'documents', dir = '/tmp/prof1', seconds = '10'] = process.argv.slice(2);
const workspace = createWorkspace('bench-profile-');
const standIn = await startStandInProcess(workspace);
const jwks = await startJwks();
const token = await jwks.sign({ username: 'alice.admin', subject: 'bench-user' });
const facade = await startFacadeProcess(workspace, { standIn, jwks, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
const auth = { authorization: `Bearer ${token}` };
const urn = standIn.users.find((u) => u.username === 'alice.admin').visibleUrns[0];
const caseId = (await (await fetch(`${facade.url}/api/v1/cases?urn=${urn}`, { headers: auth })).json()).cases[0].caseId;
const url = which === 'documents' ? `${facade.url}/api/v1/cases/${caseId}/documents` : `${facade.url}/api/v1/cases/${caseId}`;
const result = await new Promise((resolve, reject) => autocannon({ url, headers: auth, connections: 32, duration: Number(seconds) }, (e, r) => (e ? reject(e) : resolve(r))));
console.log(which, Math.round(result.requests.average), 'req/s', result.non2xx, 'non2xx');
process.exit(0);
