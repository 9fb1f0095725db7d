import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { envSchema, parseConfig } from '../../src/config/app-config.js';
import { DOCUMENT_QUEUE } from '../../src/ingestion/document-job.js';
import { REDACTION_PLAN_QUEUE } from '../../src/redaction/plans/redaction-plans.service.js';
import { poisonQueueName } from '../../src/storage/queue/azure-queue-job-queue.adapter.js';
import { lineIndexDefinition } from '../../src/search/azure-search-index.definition.js';
import { loadTerraform, parseHcl, readRepoFile, REPO_ROOT, type Hcl, type TerraformFile } from './helpers/terraform-files.js';
import { blocksOf, isExpression, localsOf, named, resourcesOfType } from './helpers/terraform-model.js';

const APPS_DIR = 'terraform/modules/container-apps';

let files: TerraformFile[];
let appLocals: Hcl;
beforeAll(async () => {
  files = await loadTerraform();
  appLocals = localsOf(files, APPS_DIR);
});

const schemaNames = (): Set<string> => new Set(Object.keys(envSchema.shape));
const objectLocal = (name: string): Record<string, unknown> => appLocals[name] as Record<string, unknown>;
const rootVariables = (): Map<string, Hcl> => new Map(named(files, 'variable').filter((variable) => variable.dir === 'terraform').map((variable) => [variable.name, variable.body]));

async function tfvars(environment: string): Promise<Hcl> {
  const path = `terraform/environments/${environment}.tfvars`;
  return parseHcl(path, readRepoFile(path));
}

/** What each expression in the apps' environment evaluates to in the dev environment. */
async function devValues(): Promise<Map<string, string | null>> {
  const dev = await tfvars('dev');
  const variables = rootVariables();
  const legacy = dev.legacy as Record<string, string>;
  const auth = dev.auth as Record<string, string>;
  return new Map<string, string | null>([
    ['${var.storage_account_url}', 'https://stcaseworkdev.table.core.windows.net/'],
    ['${var.search_endpoint}', 'https://srch-casework-dev.search.windows.net'],
    ['${var.search_index_name}', variables.get('search_index_name')!.default as string],
    ['${var.blob_container_name}', variables.get('blob_container_name')!.default as string],
    ['${var.identity_client_id}', randomUUID()],
    ['${var.log_level}', variables.get('log_level')!.default as string],
    ['${tostring(local.port)}', String(appLocals.port)],
    ['${join(",", var.cors_allowed_origins)}', ''],
    ['${var.legacy.soap_url}', legacy.soap_url],
    ['${var.legacy.graphql_url}', legacy.graphql_url],
    ['${var.legacy.files_url}', legacy.files_url],
    ['${var.auth.issuer}', auth.issuer],
    ['${var.auth.audience}', auth.audience],
    ['${var.auth.jwks_url}', auth.jwks_url],
    ['${var.auth.username_claim}', 'preferred_username'],
    ['${try(var.web_app.client_id, null)}', null],
    ['${try(var.web_app.authority, null)}', null],
    ['${try(var.web_app.api_scope, null)}', null],
  ]);
}

/** The secrets' stand-ins, made now (never stored): what Key Vault hands the apps. */
function secretValues(): Record<string, string> {
  return {
    LEGACY_SERVICE_USERNAME: 'svc-casework-facade',
    LEGACY_SERVICE_PASSWORD: randomBytes(18).toString('base64'),
    REDACTION_LOG_HASH_KEY: randomBytes(32).toString('base64'),
    STRANGLER_RECORDING_KEY: randomBytes(32).toString('base64'),
    AUDIT_QUERY_HASH_KEY: randomBytes(32).toString('hex'),
  };
}

async function appEnvironment(role: 'api' | 'worker'): Promise<Record<string, string>> {
  const values = await devValues();
  const plain = { ...objectLocal('shared_env'), ...(role === 'api' ? objectLocal('web_app_env') : {}), ...objectLocal(`${role}_env`) };
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(plain)) {
    const resolved = isExpression(value) ? values.get(value) : String(value);
    expect({ name, value, known: resolved !== undefined }).toEqual({ name, value, known: true });
    if (resolved !== null && resolved !== undefined) env[name] = resolved;
  }
  const secrets = secretValues();
  for (const name of Object.keys(objectLocal('secret_env'))) env[name] = secrets[name];
  return env;
}

describe('Terraform and the app: environment variables', () => {
  it('uses only environment names that src/config/app-config.ts reads', () => {
    const names = ['shared_env', 'web_app_env', 'secret_env', 'api_env', 'worker_env'].flatMap((local) => Object.keys(objectLocal(local)));
    expect(names.length).toBeGreaterThan(25);
    const schema = schemaNames();
    expect(names.filter((name) => !schema.has(name))).toEqual([]);
    expect(appLocals.api_plain_env).toContain('local.api_env');
    expect(appLocals.worker_plain_env).toContain('local.worker_env');
  });

  it('runs production on the shared Azure adapters, with the roles, managed identity and no keys', () => {
    expect(objectLocal('shared_env')).toMatchObject({ APP_ENV: 'production', STATE_STORE: 'azure-table', BLOB_STORE: 'azure-blob', JOB_QUEUE: 'azure-queue', SEARCH_INDEX: 'azure-search' });
    expect(objectLocal('api_env').ROLE).toBe('api');
    expect(objectLocal('worker_env').ROLE).toBe('worker');
    const plainNames = ['shared_env', 'web_app_env', 'api_env', 'worker_env'].flatMap((local) => Object.keys(objectLocal(local)));
    for (const keyed of ['AZURE_STORAGE_CONNECTION_STRING', 'AZURE_SEARCH_API_KEY']) expect(plainNames).not.toContain(keyed);
    for (const secret of Object.keys(objectLocal('secret_env'))) expect(plainNames).not.toContain(secret);
  });

  it('takes the legacy credentials and the hash and recording keys from Key Vault secrets Terraform creates', () => {
    const secretEnv = objectLocal('secret_env');
    expect(Object.keys(secretEnv).sort()).toEqual(['AUDIT_QUERY_HASH_KEY', 'LEGACY_SERVICE_PASSWORD', 'LEGACY_SERVICE_USERNAME', 'REDACTION_LOG_HASH_KEY', 'STRANGLER_RECORDING_KEY']);
    const vaultSecrets = Object.keys(named(files, 'module').find((call) => call.name === 'key_vault')!.body.secrets as Hcl);
    expect(Object.values(secretEnv).sort()).toEqual([...vaultSecrets].sort());
  });

  it.each(['api', 'worker'] as const)('gives the %s app an environment the production config accepts', async (role) => {
    const env = await appEnvironment(role);
    const config = parseConfig(env);
    const identity = { managedIdentityClientId: env.AZURE_CLIENT_ID };
    expect(identity.managedIdentityClientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(config.role).toBe(role);
    expect(config.env).toBe('production');
    expect(config.legacyMode).toBe('remote');
    expect(config.auth.mode).toBe('jwks');
    expect(config.storage.stateStore).toEqual({ kind: 'azure-table', accountUrl: 'https://stcaseworkdev.table.core.windows.net/', ...identity });
    expect(config.storage.blobStore).toMatchObject({ kind: 'azure-blob', container: 'casework-documents', accountUrl: expect.stringContaining('.blob.core.windows.net') });
    expect(config.storage.jobQueue).toMatchObject({ kind: 'azure-queue', accountUrl: expect.stringContaining('.queue.core.windows.net') });
    expect(config.ingestion.searchIndex).toEqual({ kind: 'azure-search', endpoint: 'https://srch-casework-dev.search.windows.net', indexName: 'case-lines', apiKey: null, ...identity });
    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
  });

  it('defaults the container and index names to the app’s own defaults', () => {
    const variables = rootVariables();
    expect(variables.get('blob_container_name')!.default).toBe(envSchema.shape.AZURE_BLOB_CONTAINER.parse(undefined));
    expect(variables.get('search_index_name')!.default).toBe(envSchema.shape.AZURE_SEARCH_INDEX_NAME.parse(undefined));
  });
});

describe('Terraform and the app: queues, tables, index', () => {
  it('creates exactly the job queues the code uses, with their poison queues', () => {
    const storage = localsOf(files, 'terraform/modules/storage');
    expect(storage.job_queues).toEqual([DOCUMENT_QUEUE, REDACTION_PLAN_QUEUE]);
    expect(storage.queues).toBe('${concat(local.job_queues, [for queue in local.job_queues : "${queue}-poison"])}');
    expect(poisonQueueName(DOCUMENT_QUEUE)).toBe(`${DOCUMENT_QUEUE}-poison`);
  });

  it('creates exactly the state tables the code declares', () => {
    const declared = new Set<string>();
    const visit = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
          for (const match of readFileSync(full, 'utf8').matchAll(/\bconst [A-Z_]*TABLE = '([A-Za-z][A-Za-z0-9]{2,62})'/g)) declared.add(match[1]);
        }
      }
    };
    visit(join(REPO_ROOT, 'src'));
    expect(declared.size).toBeGreaterThan(20);
    expect([...(localsOf(files, 'terraform/modules/storage').tables as string[])].sort()).toEqual([...declared].sort());
  });

  it('holds the index definition the code produces now (npm run terraform:index regenerates it)', async () => {
    const { indexRequest, indexDefinitionFileText, INDEX_DEFINITION_JSON } = await import(pathToFileURL(join(REPO_ROOT, 'scripts/terraform-index-body.mjs')).href);
    const expected: string = indexDefinitionFileText(await indexRequest(lineIndexDefinition('case-lines')));
    expect(INDEX_DEFINITION_JSON).toBe('terraform/modules/search/index-definition.json');
    expect(readRepoFile(INDEX_DEFINITION_JSON)).toBe(expected);
    const index = JSON.parse(expected).index;
    expect(index.fields.map((field: { name: string }) => field.name)).toEqual(lineIndexDefinition('x').fields.map((field) => field.name));
    expect(index.analyzers[0]['@odata.type']).toBe('#Microsoft.Azure.Search.CustomAnalyzer');
  });

  it('a changed definition no longer matches the file', async () => {
    const { indexRequest, indexDefinitionFileText, INDEX_DEFINITION_JSON } = await import(pathToFileURL(join(REPO_ROOT, 'scripts/terraform-index-body.mjs')).href);
    const changed = lineIndexDefinition('case-lines');
    changed.fields = [...changed.fields, { name: 'extra', type: 'Edm.String', filterable: true }];
    expect(readRepoFile(INDEX_DEFINITION_JSON)).not.toBe(indexDefinitionFileText(await indexRequest(changed)));
  });

  it('creates the index from that file, again whenever it changes', () => {
    const search = localsOf(files, 'terraform/modules/search');
    expect(search.index_definition).toBe('${jsondecode(file("${path.module}/index-definition.json"))}');
    const [index] = resourcesOfType(files, 'terraform_data').filter((resource) => resource.dir === 'terraform/modules/search');
    expect(index.body.triggers_replace).toEqual(expect.arrayContaining(['${filesha256("${path.module}/index-definition.json")}']));
    const [provisioner] = blocksOf(blocksOf(index.body, 'provisioner')[0], 'local-exec');
    expect(provisioner.command).toMatch(/^az rest --method put --resource https:\/\/search\.azure\.com /);
    expect(provisioner.environment).toMatchObject({ INDEX_BODY: '${local.index_body}', API_VERSION: '${local.index_definition.apiVersion}' });
  });
});

describe('Terraform environments', () => {
  it.each(['dev', 'prod'])('%s.tfvars sets every required variable but the sensitive ones, and only declared ones', async (environment) => {
    const values = await tfvars(environment);
    const variables = rootVariables();
    expect(Object.keys(values).filter((name) => !variables.has(name))).toEqual([]);
    const required = [...variables].filter(([, body]) => !('default' in body) && body.sensitive !== true).map(([name]) => name);
    expect(required.filter((name) => !(name in values))).toEqual([]);
    const sensitive = [...variables].filter(([, body]) => body.sensitive === true).map(([name]) => name);
    expect(sensitive.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(values).filter((name) => sensitive.includes(name))).toEqual([]);
    expect(values.environment).toBe(environment);
    // ROLE=api runs no periodic work: without a worker, sessions, saves and ramps would never be looked after.
    expect((values.worker_scale as Hcl).min_replicas).toBeGreaterThanOrEqual(1);
    expect((values.api_scale as Hcl).min_replicas).toBeGreaterThanOrEqual(1);
    const backend = await parseHcl(`terraform/environments/${environment}.backend.hcl`, readRepoFile(`terraform/environments/${environment}.backend.hcl`));
    expect(backend).toMatchObject({ key: `casework-facade/${environment}.tfstate`, use_azuread_auth: true });
  });

  it('documents every root variable and output in terraform/README.md', () => {
    const readme = readRepoFile('terraform/README.md');
    const missing = [...named(files, 'variable'), ...named(files, 'output')]
      .filter((block) => block.dir === 'terraform')
      .map((block) => block.name)
      .filter((name) => !readme.includes(`| \`${name}\` |`));
    expect(missing).toEqual([]);
  });
});
