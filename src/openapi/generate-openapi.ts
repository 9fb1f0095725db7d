import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from './build-openapi-document.js';
import { toOpenApiYaml } from './openapi-yaml.js';

/** Run from dist/openapi/: the committed file is at the repository root. */
const OPENAPI_FILE = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  for (let line = 0; line < Math.max(a.length, b.length); line += 1) {
    if (a[line] !== b[line]) return `line ${line + 1}:\n  committed: ${a[line] ?? '<end of file>'}\n  generated: ${b[line] ?? '<end of file>'}`;
  }
  return 'no line differs';
}

async function main(argv: readonly string[]): Promise<number> {
  const generated = toOpenApiYaml(await buildOpenApiDocument());
  if (!argv.includes('--check')) {
    await writeFile(OPENAPI_FILE, generated, 'utf8');
    console.log(`wrote ${OPENAPI_FILE}`);
    return 0;
  }
  const committed = await readIfPresent(OPENAPI_FILE);
  if (committed === generated) {
    console.log('openapi.yaml is up to date');
    return 0;
  }
  console.error(
    committed === null
      ? `openapi.yaml is missing: run \`npm run openapi\` and commit it`
      : `openapi.yaml differs from the code (first at ${firstDifference(committed, generated)})\nRun \`npm run openapi\` and commit openapi.yaml.`,
  );
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('openapi generation failed', error);
    process.exit(2);
  },
);
