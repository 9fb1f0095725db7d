// The bench runs the e2e suite's harness (test/instances/facade-cluster.ts and what it imports) in plain node:
// TypeScript transpiles those test files into node_modules/.cache/bench-instances/test/…, beside a `src` link to
// dist/ (built by `nest build`), so their `../../src/…` imports load the built facade. One harness, no copy.
// (A `dist` link too: the harness starts `<root>/dist/main.js`.)
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { root } from '../lib/harness.mjs';

const CACHE = join(root, 'node_modules', '.cache', 'bench-instances');

function transpile(entry) {
  const seen = new Set();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const output = ts.transpileModule(source, { fileName: file, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false } }).outputText;
    const target = join(CACHE, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output);
    for (const [, specifier] of output.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
      const imported = resolve(dirname(file), `${specifier}.ts`);
      if (imported.startsWith(join(root, 'test') + '/')) pending.push(imported);
    }
  }
}

/** startCluster from the e2e harness, over the built facade in dist/. */
export async function loadCluster() {
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(join(CACHE, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(root, 'dist'), join(CACHE, 'src'), 'dir');
  // test/helpers/facade-build.ts finds dist/main.js beside test/
  symlinkSync(join(root, 'dist'), join(CACHE, 'dist'), 'dir');
  transpile(join(root, 'test', 'instances', 'facade-cluster.ts'));
  return import(pathToFileURL(join(CACHE, 'test', 'instances', 'facade-cluster.js')).href);
}
