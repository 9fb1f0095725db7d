/**
 * How a sandbox worker module is found and loaded in its child process.
 *
 * Callers name a worker by the URL of its built JavaScript, relative to their own module:
 *   `new URL('./image-to-pdf.worker.js', import.meta.url)`
 * - From `dist/` that file exists and the child imports it as is.
 * - Under Jest (or any run from the TypeScript sources) only the `.ts` sibling exists. The child is then
 *   started with `--import` of a tiny register hook (written once to a temp dir) whose loader hooks
 *   compile `.ts` with @swc/core (a dev dependency, resolved from this project) and map `./x.js`
 *   imports to `./x.ts` when only the TypeScript exists. No build step, transitive imports work, and
 *   the production path never loads swc.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ResolvedWorkerModule {
  readonly url: URL;
  /** node arguments the child needs to load it (the TypeScript hook), empty for built JS. */
  readonly execArgv: readonly string[];
}

export function resolveWorkerModule(moduleUrl: URL): ResolvedWorkerModule {
  if (moduleUrl.protocol !== 'file:') throw new Error('worker modules must be file: URLs');
  const path = fileURLToPath(moduleUrl);
  if (existsSync(path) && !path.endsWith('.ts')) return { url: moduleUrl, execArgv: [] };
  const tsPath = path.endsWith('.ts') ? path : path.replace(/\.(m?js)$/, '.ts');
  if (tsPath !== path || path.endsWith('.ts')) {
    if (existsSync(tsPath)) return { url: pathToFileURL(tsPath), execArgv: ['--import', typeScriptHook().href] };
  }
  throw new Error(`worker module not found: ${path}`);
}

let hookUrl: URL | undefined;

function typeScriptHook(): URL {
  if (hookUrl) return hookUrl;
  const swcPath = createRequire(import.meta.url).resolve('@swc/core');
  const directory = join(tmpdir(), `casework-sandbox-hook-${process.pid}`);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  writeFileSync(join(directory, 'hooks.mjs'), HOOKS_SOURCE, { mode: 0o600 });
  writeFileSync(
    join(directory, 'register.mjs'),
    `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url, { data: { swcPath: ${JSON.stringify(swcPath)} } });\n`,
    { mode: 0o600 },
  );
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
  hookUrl = pathToFileURL(join(directory, 'register.mjs'));
  return hookUrl;
}

const HOOKS_SOURCE = `
import { createRequire } from 'node:module';
import { readFile, access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

let swc;
export function initialize(data) {
  swc = createRequire(import.meta.url)(data.swcPath);
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('file:');
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && relative && specifier.endsWith('.js') && context.parentURL && context.parentURL.startsWith('file:')) {
      const tsUrl = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
      try {
        await access(fileURLToPath(tsUrl));
        return { url: tsUrl.href, format: 'module', shortCircuit: true };
      } catch {}
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.endsWith('.ts')) {
    const filename = fileURLToPath(url);
    const source = await readFile(filename, 'utf8');
    const { code } = swc.transformSync(source, {
      filename,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
      },
      module: { type: 'es6' },
      sourceMaps: 'inline',
    });
    return { format: 'module', source: code, shortCircuit: true };
  }
  return nextLoad(url, context);
}
`;
