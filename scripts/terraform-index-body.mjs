// The body and api-version of the PUT /indexes/<name> request the Azure AI Search SDK sends for an index definition:
// the app's own createOrUpdateIndex call, captured by an HTTP client that never leaves the process. Shared by
// scripts/terraform-index.mjs (writes terraform/modules/search/index-definition.json) and test/infra (checks it).
import { SearchIndexClient } from '@azure/search-documents';

export const INDEX_DEFINITION_JSON = 'terraform/modules/search/index-definition.json';

function headers(entries) {
  const map = new Map(Object.entries(entries).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    get: (name) => map.get(name.toLowerCase()),
    has: (name) => map.has(name.toLowerCase()),
    set: (name, value) => void map.set(name.toLowerCase(), String(value)),
    delete: (name) => void map.delete(name.toLowerCase()),
    toJSON: () => Object.fromEntries(map),
    [Symbol.iterator]: () => map.entries(),
  };
}

/** @returns {Promise<{ body: Record<string, unknown>, apiVersion: string }>} */
export async function indexRequest(definition) {
  let captured;
  const httpClient = {
    sendRequest(request) {
      captured = { method: request.method, url: new URL(request.url), body: request.body };
      return Promise.resolve({ request, status: 200, headers: headers({ 'content-type': 'application/json' }), bodyAsText: request.body });
    },
  };
  // Never called for a token that leaves the process: the HTTP client above answers every request.
  const credential = { getToken: () => Promise.resolve({ token: 'captured-locally', expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const client = new SearchIndexClient('https://index-capture.search.windows.net', credential, { httpClient, retryOptions: { maxRetries: 0 } });
  await client.createOrUpdateIndex(definition);
  if (captured === undefined || captured.method !== 'PUT') throw new Error('the search SDK sent no PUT for the index');
  const apiVersion = captured.url.searchParams.get('api-version');
  if (apiVersion === null) throw new Error('the search SDK sent no api-version');
  return { body: JSON.parse(captured.body), apiVersion };
}

/** The file's text: the body plus the api-version it is for, keys in a stable order. */
export function indexDefinitionFileText({ body, apiVersion }) {
  return `${JSON.stringify({ apiVersion, index: body }, null, 2)}\n`;
}
