import autocannon from 'autocannon';
const base = process.argv[2]; const path = process.argv[3];
const { accessToken } = await (await fetch(base + '/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice.admin' }) })).json();
const r = await autocannon({ url: base + path, connections: 8, duration: 8, headers: { authorization: 'Bearer ' + accessToken } });
console.log('req/s', r.requests.average, 'p50', r.latency.p50, 'p99', r.latency.p99, 'non2xx', r.non2xx);
