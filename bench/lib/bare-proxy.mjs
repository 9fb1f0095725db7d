// The floor for any facade on this machine: one Node process in the path that does only what every facade must.
// It takes a request, makes one fixed upstream call over a keep-alive connection, and answers. For JSON it parses the
// answer and serialises its `data` again; XML passes through. There is no routing, auth, mapping or logging.
// It prints its port as one line. Configuration is one JSON argument: { url, method, headers, body, json }.
import { Agent, createServer, request } from 'node:http';

const { url, method, headers, body, json } = JSON.parse(process.argv[2]);
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const payload = Buffer.from(body ?? '');
const upstreamHeaders = { ...headers, 'content-length': String(payload.length) };

const server = createServer((req, res) => {
  req.resume();
  const upstream = request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method, headers: upstreamHeaders, agent }, (answer) => {
    const chunks = [];
    answer.on('data', (chunk) => chunks.push(chunk));
    answer.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      res.writeHead(answer.statusCode ?? 502, { 'content-type': json ? 'application/json' : 'text/xml; charset=utf-8' });
      res.end(json ? JSON.stringify(JSON.parse(text).data) : text);
    });
  });
  upstream.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  upstream.end(payload);
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
