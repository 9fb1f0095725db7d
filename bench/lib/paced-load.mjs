// Open-loop load at a fixed, evenly spaced rate (wrk2-style): request i is due at start + i/rate whatever the
// earlier ones are doing, and is sent on whichever of `connections` keep-alive sockets is free. Latency runs
// from the due time, so time spent waiting for a free connection counts (no coordinated omission).
// autocannon's own rate limit sends each connection's share in a burst at the top of every second, which
// measures burst queueing rather than the time a request takes.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

const CLOCK_TICKS_PER_SECOND = 100;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function pacedLoad({ url, method = 'GET', headers = {}, body, rate, durationSeconds, connections }) {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const payload = body === undefined ? undefined : Buffer.from(body);
  const allHeaders = payload ? { ...headers, 'content-length': String(payload.length) } : headers;
  const total = Math.round(rate * durationSeconds);
  const latencies = [];
  let errors = 0;
  let non2xx = 0;
  let maxLateMs = 0;

  const send = (dueAt) =>
    new Promise((resolve) => {
      maxLateMs = Math.max(maxLateMs, performance.now() - dueAt);
      const req = request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method, headers: allHeaders, agent }, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          latencies.push(performance.now() - dueAt);
          if (res.statusCode < 200 || res.statusCode >= 300) non2xx += 1;
          resolve();
        });
      });
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end(payload);
    });

  const started = performance.now();
  const inFlight = [];
  let next = 0;
  await new Promise((done) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && started + (next * 1000) / rate <= now) {
        inFlight.push(send(started + (next * 1000) / rate));
        next += 1;
      }
      if (next >= total) return done();
      setTimeout(tick, Math.max(0, started + (next * 1000) / rate - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const round = (ms) => Math.round(ms * 100) / 100;
  return {
    requests: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1)),
    errors,
    non2xx,
    maxLateMs: round(maxLateMs),
  };
}

/** User + system CPU seconds a process has used so far (Linux /proc). */
export function cpuSecondsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}
