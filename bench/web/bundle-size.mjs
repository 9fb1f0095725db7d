// The web app's JavaScript, gzipped (issue 15: "JS bundle < 400 kB gzip excluding the pdf.js worker").
// Usage: npm run bench:web-bundle (builds web/dist first). Every .js/.mjs chunk of web/dist/assets but the pdf.js
// worker is gzipped (level 9, as a server or CDN would serve it) and summed; chunks loaded lazily (MSAL, only in
// Entra ID mode) are listed apart but counted in the total. Peer in the same run: React + ReactDOM alone, built by
// the same Vite into a vendor chunk and gzipped the same way, and pdf.js's own minified library.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const assets = join(root, 'web', 'dist', 'assets');
const gzipped = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kB = (bytes) => Math.round(bytes / 100) / 10;
const LIMIT_KB = 400;

const index = readFileSync(join(root, 'web', 'dist', 'index.html'), 'utf8');
const chunks = readdirSync(assets)
  .filter((name) => /\.m?js$/.test(name) && !name.startsWith('pdf.worker'))
  .map((name) => {
    const bytes = readFileSync(join(assets, name));
    return { name, raw: bytes.length, gzip: gzipped(bytes), initial: index.includes(name) };
  })
  .sort((a, b) => b.gzip - a.gzip);
const worker = readdirSync(assets).find((name) => name.startsWith('pdf.worker'));
const total = chunks.reduce((sum, chunk) => sum + chunk.gzip, 0);
const initial = chunks.filter((chunk) => chunk.initial).reduce((sum, chunk) => sum + chunk.gzip, 0);

// Peer: React + ReactDOM's client as a production vendor chunk of the same Vite.
const work = mkdtempSync(join(tmpdir(), 'bench-web-bundle-'));
let reactGzip;
try {
  writeFileSync(join(work, 'entry.js'), "import { createElement } from 'react';\nimport { createRoot } from 'react-dom/client';\ncreateRoot(document.body).render(createElement('p', null, 'peer'));\n");
  const output = await build({
    root: work,
    configFile: false,
    logLevel: 'silent',
    resolve: { alias: { react: join(root, 'node_modules', 'react'), 'react-dom': join(root, 'node_modules', 'react-dom') } },
    build: { write: false, minify: true, rollupOptions: { input: join(work, 'entry.js') } },
  });
  const outputs = (Array.isArray(output) ? output : [output]).flatMap((each) => each.output);
  reactGzip = outputs.filter((file) => file.type === 'chunk').reduce((sum, file) => sum + gzipped(Buffer.from(file.code)), 0);
} finally {
  rmSync(work, { recursive: true, force: true });
}
const pdfjsGzip = gzipped(readFileSync(join(root, 'node_modules', 'pdfjs-dist', 'build', 'pdf.min.mjs')));

console.log('chunk (gzip -9)                                      raw kB   gzip kB   loaded');
for (const chunk of chunks) console.log(`${chunk.name.padEnd(50)} ${String(kB(chunk.raw)).padStart(8)} ${String(kB(chunk.gzip)).padStart(9)}   ${chunk.initial ? 'at start' : 'lazily'}`);
console.log(`excluded: ${worker ?? '(no worker found)'}`);
console.log('');
console.log(`total JS (all chunks but the worker): ${kB(total)} kB gzip (target < ${LIMIT_KB} kB: ${total / 1000 < LIMIT_KB ? 'met' : 'NOT met'}); loaded at start: ${kB(initial)} kB`);
console.log(`peer, React + ReactDOM alone (same Vite, same gzip): ${kB(reactGzip)} kB gzip; ratio app/peer = ${(total / reactGzip).toFixed(2)}`);
console.log(`peer, pdf.js library alone (pdf.min.mjs): ${kB(pdfjsGzip)} kB gzip; app beyond React and pdf.js: ${kB(total - reactGzip - pdfjsGzip)} kB gzip`);
