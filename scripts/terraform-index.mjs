// Writes terraform/modules/search/index-definition.json from the code's index definition (run after `nest build`;
// `npm run terraform:index` does both). With --check it only says whether the file is up to date (exit 1 if not).
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { INDEX_DEFINITION_JSON, indexDefinitionFileText, indexRequest } from './terraform-index-body.mjs';

const root = resolve(import.meta.dirname, '..');
const { lineIndexDefinition } = await import(resolve(root, 'dist/search/azure-search-index.definition.js'));
// The name is a placeholder: Terraform puts var.search_index_name (AZURE_SEARCH_INDEX_NAME's value) in its place.
const text = indexDefinitionFileText(await indexRequest(lineIndexDefinition('case-lines')));
const target = resolve(root, INDEX_DEFINITION_JSON);

if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== text) {
    console.error(`${INDEX_DEFINITION_JSON} differs from src/search/azure-search-index.definition.ts: run \`npm run terraform:index\` and commit it.`);
    process.exit(1);
  }
  console.log(`${INDEX_DEFINITION_JSON} is up to date.`);
} else {
  await writeFile(target, text);
  console.log(`wrote ${INDEX_DEFINITION_JSON}`);
}
