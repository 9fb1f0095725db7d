import { existsSync, readdirSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { loadTerraform, parseHcl, readRepoFile, REPO_ROOT, terraformPaths, type Hcl, type TerraformFile } from './helpers/terraform-files.js';
import { blocksOf, blocksOrDynamic, isExpression, localsOf, named, quotedIn, resources, resourcesOfType, stringsIn, type Resource } from './helpers/terraform-model.js';
import { findSecretLiterals } from './helpers/secret-literals.js';

/** Resource types that take no tags (everything else must carry the common tags). */
const NOT_TAGGABLE = new Set([
  'azurerm_role_assignment',
  'azurerm_monitor_diagnostic_setting',
  'azurerm_storage_container',
  'azurerm_storage_queue',
  'azurerm_subnet',
  'azurerm_subnet_network_security_group_association',
  'azurerm_subnet_route_table_association',
  'azurerm_virtual_network_peering',
  'azapi_resource',
  'terraform_data',
]);

let files: TerraformFile[];
beforeAll(async () => {
  files = await loadTerraform();
});

function only(type: string): Resource {
  const found = resourcesOfType(files, type);
  expect(found.map((resource) => resource.address)).toHaveLength(1);
  return found[0];
}

function first(body: Hcl, key: string): Hcl {
  const [block] = blocksOf(body, key);
  expect(block).toBeDefined();
  return block;
}

/** The private endpoints whose connection points at a resource of this type, and the sub-resources they cover. */
function privateEndpointSubresources(targetType: string): string[] {
  return resourcesOfType(files, 'azurerm_private_endpoint').flatMap((endpoint) =>
    blocksOf(endpoint.body, 'private_service_connection')
      .filter((connection) => String(connection.private_connection_resource_id).includes(`${targetType}.`))
      .flatMap((connection) => {
        expect(blocksOf(endpoint.body, 'private_dns_zone_group')).toHaveLength(1);
        const names = connection.subresource_names;
        const literal = Array.isArray(names) ? names.map(String).filter((name) => !isExpression(name)) : [];
        return literal.length > 0 ? literal : quotedIn(endpoint.body.for_each);
      }),
  );
}

describe('Terraform policy: storage, search, Key Vault', () => {
  it('locks the storage account down: TLS 1.2, no public blobs, no shared keys, no public network, versioning and soft delete', () => {
    const account = only('azurerm_storage_account').body;
    expect(account).toMatchObject({
      min_tls_version: 'TLS1_2',
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      public_network_access_enabled: false,
      https_traffic_only_enabled: true,
    });
    const blob = first(account, 'blob_properties');
    expect(blob.versioning_enabled).toBe(true);
    expect(first(blob, 'delete_retention_policy').days).toEqual(expect.stringMatching(/^\$\{var\./));
    expect(first(blob, 'container_delete_retention_policy').days).toEqual(expect.stringMatching(/^\$\{var\./));
    expect(privateEndpointSubresources('azurerm_storage_account').sort()).toEqual(['blob', 'queue', 'table']);
    for (const container of resourcesOfType(files, 'azurerm_storage_container')) expect(container.body.container_access_type).toBe('private');
  });

  it('gives AI Search RBAC only, a private endpoint, and a public endpoint only for the deployer ranges', () => {
    const search = only('azurerm_search_service').body;
    expect(search.local_authentication_enabled).toBe(false);
    expect([false, '${length(var.deployer_ip_ranges) > 0}']).toContainEqual(search.public_network_access_enabled);
    expect(search.replica_count).toBe('${var.replica_count}');
    expect(search.partition_count).toBe('${var.partition_count}');
    expect(privateEndpointSubresources('azurerm_search_service')).toEqual(['searchService']);
  });

  it('gives Key Vault RBAC, purge protection, soft delete, default-deny network rules and a private endpoint', () => {
    const vault = only('azurerm_key_vault').body;
    expect(vault.rbac_authorization_enabled ?? vault.enable_rbac_authorization).toBe(true);
    expect(vault.purge_protection_enabled).toBe(true);
    expect(vault.soft_delete_retention_days).toEqual(expect.stringMatching(/^\$\{var\./));
    expect([false, '${length(var.deployer_ip_ranges) > 0}']).toContainEqual(vault.public_network_access_enabled);
    expect(first(vault, 'network_acls').default_action).toBe('Deny');
    expect(privateEndpointSubresources('azurerm_key_vault')).toEqual(['vault']);
  });

  it('keeps Key Vault secret values out of the code: each comes from a sensitive variable', () => {
    const secret = only('azurerm_key_vault_secret').body;
    expect(secret.value).toEqual(expect.stringMatching(/^\$\{var\.secrets\[/));
    const secretsVariable = named(files, 'variable').find((variable) => variable.dir === 'terraform/modules/key-vault' && variable.name === 'secrets');
    expect(secretsVariable?.body.sensitive).toBe(true);
    const vaultCall = named(files, 'module').find((call) => call.name === 'key_vault')!;
    const rootVariables = new Map(named(files, 'variable').filter((variable) => variable.dir === 'terraform').map((variable) => [variable.name, variable.body]));
    const values = Object.values(vaultCall.body.secrets as Hcl);
    expect(values.length).toBeGreaterThanOrEqual(5);
    for (const value of values) {
      const variable = /^\$\{var\.([a-z_]+)\}$/.exec(String(value))?.[1];
      expect({ value, sensitive: variable === undefined ? undefined : rootVariables.get(variable)?.sensitive }).toEqual({ value, sensitive: true });
      expect(rootVariables.get(variable!)?.default).toBeUndefined();
    }
  });

  it('assigns the identity the data roles it needs, and nothing with keys', () => {
    const roles = resourcesOfType(files, 'azurerm_role_assignment').flatMap((assignment) =>
      String(assignment.body.principal_id) === '${var.principal_id}' ? [String(assignment.body.role_definition_name), ...quotedIn(assignment.body.for_each)] : [],
    );
    expect(new Set(roles)).toEqual(
      new Set([
        '${each.value}',
        'Storage Blob Data Contributor',
        'Storage Queue Data Contributor',
        'Storage Table Data Contributor',
        'Search Index Data Contributor',
        'Search Service Contributor',
        'Key Vault Secrets User',
        'AcrPull',
      ]),
    );
  });

  it('sends diagnostics of storage, search, Key Vault and the Container Apps environment to Log Analytics', () => {
    const settings = resourcesOfType(files, 'azurerm_monitor_diagnostic_setting');
    for (const setting of settings) expect(setting.body.log_analytics_workspace_id).toBe('${var.log_analytics_workspace_id}');
    const targets = settings.map((setting) => String(setting.body.target_resource_id));
    for (const type of ['azurerm_storage_account', 'azurerm_search_service', 'azurerm_key_vault', 'azurerm_container_app_environment']) {
      expect({ type, diagnosed: targets.some((target) => target.includes(`${type}.`)) }).toEqual({ type, diagnosed: true });
    }
    for (const setting of settings.filter((each) => !String(each.body.target_resource_id).endsWith('storage_account.this.id}'))) {
      expect(blocksOf(setting.body, 'enabled_log').length).toBeGreaterThan(0);
    }
  });
});

describe('Terraform policy: tags, secrets, variables, modules, providers', () => {
  it('tags every taggable resource with the common tags', () => {
    const all = resources(files);
    expect(all.length).toBeGreaterThan(30);
    const untagged = all
      .filter((resource) => !NOT_TAGGABLE.has(resource.type))
      .filter((resource) => !['${var.tags}', '${local.tags}'].includes(String(resource.body.tags)))
      .map((resource) => `${resource.file}: ${resource.address}`);
    expect(untagged).toEqual([]);
    expect(localsOf(files, 'terraform').tags).toMatch(/^\$\{merge\(var\.tags, \{/);
    for (const call of named(files, 'module')) expect({ module: call.name, tags: call.body.tags }).toEqual({ module: call.name, tags: '${local.tags}' });
  });

  it('has no secret-looking literals in any Terraform, tfvars, backend or JSON file', async () => {
    const secretNames = new Set(Object.keys(named(files, 'module').find((call) => call.name === 'key_vault')!.body.secrets as Hcl));
    const findings = [];
    for (const path of terraformPaths('.tf', '.tfvars', '.hcl', '.json')) {
      const text = readRepoFile(path);
      const parsed: unknown = path.endsWith('.json') ? JSON.parse(text) : await parseHcl(path, text);
      findings.push(...findSecretLiterals(path, parsed, secretNames));
    }
    expect(findings).toEqual([]);
  });

  it('the secret scan catches a literal password, a storage connection string and a key', async () => {
    const planted = [
      'resource "azurerm_key_vault_secret" "x" {',
      '  value    = "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc;EndpointSuffix=core.windows.net"',
      '  password = "correct horse battery staple"',
      '}',
      'locals {',
      '  hash = "' + 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9w' + '"',
      '}',
    ].join('\n');
    const findings = findSecretLiterals('planted.tf', await parseHcl('planted.tf', planted));
    expect(findings.map((finding) => finding.path)).toEqual(
      expect.arrayContaining(['resource.azurerm_key_vault_secret.x.0.value', 'resource.azurerm_key_vault_secret.x.0.password', 'locals.0.hash']),
    );
  });

  it('types and describes every variable (root and modules), marks secret-named ones sensitive, and describes every output', () => {
    const variables = named(files, 'variable');
    expect(variables.length).toBeGreaterThan(60);
    const undocumented = variables
      .filter((variable) => !isExpression(variable.body.type) || typeof variable.body.description !== 'string' || variable.body.description.length < 10)
      .map((variable) => `${variable.file}: ${variable.name}`);
    expect(undocumented).toEqual([]);
    const secretNamed = variables.filter((variable) => /password|username|(^|_)key$/.test(variable.name) || variable.name === 'secrets');
    expect(secretNamed.length).toBeGreaterThanOrEqual(6);
    for (const variable of secretNamed) expect({ variable: variable.name, sensitive: variable.body.sensitive }).toEqual({ variable: variable.name, sensitive: true });
    const outputs = named(files, 'output');
    for (const output of outputs) expect({ output: `${output.dir}/${output.name}`, described: typeof output.body.description === 'string' }).toEqual({ output: `${output.dir}/${output.name}`, described: true });
  });

  it('calls only modules that exist, with only their declared variables and all their required ones', () => {
    const calls = named(files, 'module');
    expect(calls.map((call) => call.name).sort()).toEqual(['container_apps', 'identity', 'key_vault', 'network', 'observability', 'registry', 'search', 'storage']);
    for (const call of calls) {
      const source = String(call.body.source);
      expect(source).toMatch(/^\.\.?\//);
      const dir = normalize(join(call.dir, source));
      expect({ source, exists: existsSync(join(REPO_ROOT, dir)) && readdirSync(join(REPO_ROOT, dir)).some((name) => name.endsWith('.tf')) }).toEqual({ source, exists: true });
      const declared = named(files, 'variable').filter((variable) => variable.dir === dir);
      const passed = Object.keys(call.body).filter((key) => !['source', 'version', 'depends_on', 'providers', 'count', 'for_each'].includes(key));
      expect({ module: call.name, undeclared: passed.filter((key) => !declared.some((variable) => variable.name === key)) }).toEqual({ module: call.name, undeclared: [] });
      const required = declared.filter((variable) => !('default' in variable.body)).map((variable) => variable.name);
      expect({ module: call.name, missing: required.filter((name) => !passed.includes(name)) }).toEqual({ module: call.name, missing: [] });
    }
  });

  it('resolves every var., local., module., data. and resource reference within its module (what terraform validate would)', () => {
    const problems: string[] = [];
    for (const dir of [...new Set(files.map((file) => file.dir))]) {
      const inDir = files.filter((file) => file.dir === dir);
      const variables = new Set(named(inDir, 'variable').map((variable) => variable.name));
      const locals = new Set(Object.keys(localsOf(files, dir)));
      const calls = new Map(named(inDir, 'module').map((call) => [call.name, normalize(join(dir, String(call.body.source)))]));
      const declared = new Set(resources(inDir).map((resource) => resource.address));
      const data = new Set(inDir.flatMap((file) => Object.entries((file.body.data ?? {}) as Hcl).flatMap(([type, byName]) => Object.keys(byName as Hcl).map((name) => `${type}.${name}`))));
      for (const file of inDir) {
        for (const { value } of stringsIn(file.body)) {
          if (!value.includes('${')) continue;
          for (const [, name] of value.matchAll(/\bvar\.([a-z_][a-z0-9_]*)/g)) if (!variables.has(name)) problems.push(`${file.path}: var.${name}`);
          for (const [, name] of value.matchAll(/\blocal\.([a-z_][a-z0-9_]*)/g)) if (!locals.has(name)) problems.push(`${file.path}: local.${name}`);
          for (const [, name, output] of value.matchAll(/\bmodule\.([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)/g)) {
            const source = calls.get(name);
            const outputs = named(files, 'output').filter((each) => each.dir === source).map((each) => each.name);
            if (!outputs.includes(output)) problems.push(`${file.path}: module.${name}.${output}`);
          }
          for (const [, type, name] of value.matchAll(/\bdata\.([a-z0-9_]+)\.([a-z_][a-z0-9_]*)/g)) if (!data.has(`${type}.${name}`)) problems.push(`${file.path}: data.${type}.${name}`);
          for (const [reference, prefix] of value.matchAll(/(?<![.\w])((?:azurerm|azapi)_[a-z0-9_]+|terraform_data)\.[a-z_][a-z0-9_]*/g)) {
            if (prefix !== undefined && !declared.has(reference)) problems.push(`${file.path}: ${reference}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('pins Terraform and every provider it uses, and leaves the azurerm backend to partial configuration', () => {
    const root = files.filter((file) => file.dir === 'terraform').flatMap((file) => blocksOf(file.body, 'terraform'));
    expect(root).toHaveLength(1);
    expect(root[0].required_version).toBe('>= 1.6.0');
    const providers = first(root[0], 'required_providers');
    expect(providers.azurerm).toEqual({ source: 'hashicorp/azurerm', version: expect.stringMatching(/^~> 4\.\d+$/) });
    for (const [name, spec] of Object.entries(providers)) expect({ name, spec }).toEqual({ name, spec: { source: expect.any(String), version: expect.stringMatching(/^~> \d+\.\d+/) } });
    const used = new Set(resources(files).map((resource) => resource.type.split('_')[0]).filter((prefix) => prefix !== 'terraform'));
    for (const provider of used) expect(Object.keys(providers)).toContain(provider);
    expect(first(root[0], 'backend').azurerm).toEqual([{}]);
    for (const file of files.filter((each) => each.dir !== 'terraform')) {
      for (const block of blocksOf(file.body, 'terraform')) {
        for (const [name, spec] of Object.entries(first(block, 'required_providers'))) expect({ name, spec }).toEqual({ name, spec: { source: (providers[name] as Hcl).source } });
      }
    }
    const azapiUsers = new Set(resources(files).filter((resource) => resource.type.startsWith('azapi_')).map((resource) => resource.dir));
    for (const dir of azapiUsers) {
      const declared = files.filter((file) => file.dir === dir).flatMap((file) => blocksOf(file.body, 'terraform')).flatMap((block) => blocksOf(block, 'required_providers'));
      expect({ dir, azapi: declared.some((block) => 'azapi' in block) }).toEqual({ dir, azapi: true });
    }
  });

  it('runs the api and the worker from one image variable, each with the health probes', () => {
    const apps = resourcesOfType(files, 'azurerm_container_app');
    expect(apps.map((app) => app.name).sort()).toEqual(['api', 'worker']);
    for (const app of apps) {
      const [template] = blocksOf(app.body, 'template');
      const [container] = blocksOf(template, 'container');
      expect(container.image).toBe('${var.image}');
      expect(first(container, 'liveness_probe')).toMatchObject({ transport: 'HTTP', path: '/health/live', port: '${local.port}' });
      expect(first(container, 'readiness_probe')).toMatchObject({ transport: 'HTTP', path: '/health/ready', port: '${local.port}' });
      for (const probe of ['startup_probe', 'liveness_probe', 'readiness_probe']) {
        const settings = first(container, probe);
        // Container Apps refuses a failure threshold above 10 and an interval above 240 s.
        expect({ probe, threshold: Number(settings.failure_count_threshold) <= 10, interval: Number(settings.interval_seconds) <= 240 }).toEqual({ probe, threshold: true, interval: true });
      }
      expect(first(app.body, 'identity')).toEqual({ type: 'UserAssigned', identity_ids: ['${var.identity_id}'] });
      expect(first(app.body, 'registry')).toEqual({ server: '${var.registry_server}', identity: '${var.identity_id}' });
      for (const secret of blocksOrDynamic(app.body, 'secret')) {
        expect(secret).toEqual({ name: '${secret.value}', key_vault_secret_id: '${var.key_vault_secret_ids[secret.value]}', identity: '${var.identity_id}' });
      }
    }
    const environment = only('azurerm_container_app_environment').body;
    expect(environment.infrastructure_subnet_id).toBe('${var.infrastructure_subnet_id}');
    // Logs through the diagnostic setting only: log_analytics_workspace_id as well would send them twice.
    expect(environment.logs_destination).toBe('azure-monitor');
    expect(environment.log_analytics_workspace_id).toBeUndefined();
  });

  it('scales the api on HTTP behind external ingress, and the worker on the queues with the identity and no ingress', () => {
    const [api, worker] = ['api', 'worker'].map((name) => resourcesOfType(files, 'azurerm_container_app').find((app) => app.name === name)!.body);
    expect(first(api, 'ingress')).toMatchObject({ external_enabled: true, target_port: '${local.port}' });
    expect(first(first(api, 'template'), 'http_scale_rule').concurrent_requests).toBe('${tostring(var.api_scale.concurrent_requests)}');
    expect(blocksOf(worker, 'ingress')).toEqual([]);
    const rules = blocksOf(first(worker, 'template'), 'custom_scale_rule');
    expect(rules.map((rule) => (rule.metadata as Hcl).queueName)).toEqual(['${var.document_queue_name}', '${var.redaction_plan_queue_name}']);
    for (const rule of rules) {
      expect(rule).toMatchObject({ custom_rule_type: 'azure-queue', identity_id: '${var.identity_id}', metadata: { accountName: '${var.storage_account_name}' } });
      expect(blocksOf(rule, 'authentication')).toEqual([]);
    }
  });
});
