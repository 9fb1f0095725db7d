// A mix of different requests over keep-alive connections, one record per request (start, latency, status, what the
// answer said), so a run can be cut into time windows and request kinds afterwards.
// Closed loop (default): `connections` workers, each sends its next request when the last one has answered, as
// autocannon does. Open loop (`rate`): request i is due at start + i/rate and goes out on whichever of `connections`
// sockets is free; its latency runs from when it was due (no coordinated omission), as in paced-load.mjs.
// `next(i, worker)` chooses each request: { category, path, headers?, key?, origin? } (origin: a URL, when not `url`).
// Bodies of 2xx answers are drained and dropped; the first 4 KB of any other answer is kept long enough to read its
// problem `code` (and `reason`).
import { Agent, request } from 'node:http';

const PROBLEM_BODY_BYTES = 4096;

/**
 * @returns {Promise<{ records: object[], startedAt: number, endedAt: number }>} times in ms of performance.now();
 * each record has { category, key, startMs, latencyMs, status (0 = socket error or timeout), error?, code?, reason?,
 * stale, dataAge, retryAfter } with startMs relative to startedAt.
 */
export async function mixedLoad({ url, connections, durationMs, next, rate, timeoutMs = 30_000, onTick }) {
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const records = [];
  const startedAt = performance.now();
  const endAt = startedAt + durationMs;

  const send = (choice, dueAt) =>
    new Promise((resolve) => {
      const record = { category: choice.category, key: choice.key ?? choice.path, startMs: dueAt - startedAt, latencyMs: 0, status: 0, stale: false, dataAge: null, retryAfter: null };
      let settled = false;
      const finish = (fields) => {
        if (settled) return;
        settled = true;
        Object.assign(record, fields, { latencyMs: performance.now() - dueAt });
        records.push(record);
        resolve();
      };
      const target = choice.origin ?? base;
      const req = request({ host: target.hostname, port: target.port, path: choice.path, method: 'GET', headers: choice.headers ?? {}, agent }, (res) => {
        const status = res.statusCode ?? 0;
        const fields = {
          status,
          stale: res.headers['warning'] !== undefined || res.headers['x-data-age'] !== undefined,
          dataAge: res.headers['x-data-age'] === undefined ? null : Number(res.headers['x-data-age']),
          retryAfter: res.headers['retry-after'] ?? null,
        };
        if (status >= 200 && status < 300) {
          res.on('data', () => {});
          res.on('end', () => finish(fields));
        } else {
          const chunks = [];
          let length = 0;
          res.on('data', (chunk) => {
            if (length < PROBLEM_BODY_BYTES) chunks.push(chunk);
            length += chunk.length;
          });
          res.on('end', () => {
            try {
              const problem = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              finish({ ...fields, code: typeof problem.code === 'string' ? problem.code : undefined, reason: typeof problem.reason === 'string' ? problem.reason : undefined });
            } catch {
              finish(fields);
            }
          });
        }
        res.on('error', (error) => finish({ status: 0, error: error.code ?? error.message }));
      });
      req.setTimeout(timeoutMs, () => {
        req.destroy(new Error('timeout'));
      });
      req.on('error', (error) => finish({ status: 0, error: error.message === 'timeout' ? 'timeout' : (error.code ?? error.message) }));
      req.end();
    });

  const ticker = onTick ? setInterval(() => onTick(performance.now() - startedAt), 250) : null;
  let issued = 0;
  if (rate === undefined) {
    const worker = async (w) => {
      while (performance.now() < endAt) {
        const i = issued;
        issued += 1;
        await send(next(i, w), performance.now());
      }
    };
    await Promise.all(Array.from({ length: connections }, (_, w) => worker(w)));
  } else {
    const total = Math.round((rate * durationMs) / 1000);
    const inFlight = [];
    await new Promise((done) => {
      const tick = () => {
        const now = performance.now();
        while (issued < total && startedAt + (issued * 1000) / rate <= now) {
          const dueAt = startedAt + (issued * 1000) / rate;
          inFlight.push(send(next(issued, issued % connections), dueAt));
          issued += 1;
        }
        if (issued >= total) return done();
        setTimeout(tick, Math.max(0, startedAt + (issued * 1000) / rate - performance.now()));
      };
      tick();
    });
    await Promise.all(inFlight);
  }
  if (ticker) clearInterval(ticker);
  agent.destroy();
  return { records, startedAt, endedAt: performance.now() };
}

export const percentile = (sorted, p) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);

/** p50/p99/max (ms, 2 decimals) of the records' latencies. */
export function latencyOf(records) {
  const sorted = records.map((r) => r.latencyMs).sort((a, b) => a - b);
  const round = (ms) => (ms === null || ms === undefined ? null : Math.round(ms * 100) / 100);
  return { p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1)) };
}
