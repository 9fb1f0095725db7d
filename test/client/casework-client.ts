import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../../web/src/api/schema.js';

/**
 * The facade's typed client, as a casework app would use it: openapi-fetch over the types that
 * `npm run client` generates from openapi.yaml (web/src/api/schema.d.ts, the web app's too; drift-checked
 * by `npm run client:check`). A response that is not in the contract does not compile.
 */
export type CaseworkClient = Client<paths>;
export type Schemas = components['schemas'];

export function createCaseworkClient(baseUrl: string, accessToken: string): CaseworkClient {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${accessToken}` } });
}

/** The data of a successful call, or an Error that carries the problem the facade answered. */
export function dataOf<Data, Problem>(result: { data?: Data; error?: Problem; response: Response }): Data {
  if (result.data === undefined) throw new Error(`${result.response.status} ${result.response.url}: ${JSON.stringify(result.error)}`);
  return result.data;
}
