// Worker thread of run.mjs: `attackers` keep-alive connections post 1 MiB of `[[[[…` for `seconds`, half of them
// with a valid token, and report the statuses they got.
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

const { url, token, seconds, attackers, bodyBytes } = workerData;
const body = Buffer.from('['.repeat(bodyBytes));
const target = `${url}/api/v1/cases/1/documents/1001/versions/7001/redactions/preview`;

function post(agent, headers) {
  return new Promise((resolve) => {
    const request = httpRequest(target, { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': body.length } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', () => resolve('error'));
    request.end(body);
  });
}

const statuses = {};
let sent = 0;
const until = performance.now() + seconds * 1000;
const started = performance.now();
await Promise.all(
  Array.from({ length: attackers }, async (_, i) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const headers = i % 2 === 0 ? { authorization: `Bearer ${token}` } : {};
    while (performance.now() < until) {
      const status = await post(agent, headers);
      statuses[status] = (statuses[status] ?? 0) + 1;
      sent++;
    }
    agent.destroy();
  }),
);
parentPort.postMessage({ requests: sent, perSecond: Math.round((sent / ((performance.now() - started) / 1000)) * 10) / 10, statuses });
