import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES } from '../../src/common/error-codes.js';
import { ConfigError, envSchema, parseConfig } from '../../src/config/app-config.js';
import { PROCESSING_FAILURE_REASONS } from '../../src/conversion/processing-failure.js';
import { DOCUMENT_QUEUE } from '../../src/ingestion/document-job.js';
import { REDACTION_PLAN_QUEUE } from '../../src/redaction/plans/redaction-plans.service.js';

/**
 * The operator docs name settings, resources and figures that live elsewhere; these checks fail when a name is
 * renamed in the code and not in the docs (or a cited bench figure is no longer in its README).
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

/** Inline code spans outside fenced blocks: in fenced blocks upper-case names are the operator's shell variables. */
function inlineCode(markdown: string): string[] {
  return [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((match) => match[1]);
}

/** `NAME` and `NAME=value` spans that name a setting: UPPER_SNAKE, or one upper-case word. */
function settingSpans(markdown: string): { name: string; value: string | null }[] {
  const spans: { name: string; value: string | null }[] = [];
  for (const span of inlineCode(markdown)) {
    const match = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)(?:=(\S*))?$/.exec(span);
    if (match === null) continue;
    const [, name, value] = match;
    // A one-word name counts when it is assigned (`ROLE=api`) or is a setting; `GET` or `PUT` alone is not.
    if (!name.includes('_') && value === undefined && !(name in envSchema.shape)) continue;
    spans.push({ name, value: value ?? null });
  }
  return spans;
}

/** Upper-case names in backticks that are not the facade's settings, and the file that defines each. */
const NOT_FACADE_SETTINGS: Record<string, string> = {
  // The GitHub repository variables the deploy workflow reads.
  AZURE_CLIENT_ID: '.github/workflows/deploy.yml',
  AZURE_TENANT_ID: '.github/workflows/deploy.yml',
  AZURE_SUBSCRIPTION_ID: '.github/workflows/deploy.yml',
  ARM_USE_OIDC: '.github/workflows/deploy.yml',
};

const OPERATOR_DOCS = ['README.md', 'docs/deploy.md'];

describe('the operator docs name only settings the code has', () => {
  const settings = envSchema.shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
  const codes = new Set<string>([...ERROR_CODES, ...PROCESSING_FAILURE_REASONS]);

  it.each(OPERATOR_DOCS)('%s: every upper-case name in backticks is a setting of src/config/app-config.ts, an error code, or defined where the docs say', (path) => {
    const unknown = settingSpans(read(path))
      .map(({ name }) => name)
      .filter((name) => !(name in settings) && !codes.has(name))
      .filter((name) => {
        const definedIn = NOT_FACADE_SETTINGS[name];
        return definedIn === undefined || !existsSync(join(root, definedIn)) || !read(definedIn).includes(name);
      });
    expect([...new Set(unknown)]).toEqual([]);
  });

  it.each(OPERATOR_DOCS)('%s: every `NAME=value` with a literal value is a value the config accepts', (path) => {
    const refused = settingSpans(read(path))
      .filter(({ name, value }) => value !== null && name in settings && !/[<$…*]/.test(value))
      .filter(({ name, value }) => !settings[name].safeParse(value).success)
      .map(({ name, value }) => `${name}=${value}`);
    expect(refused).toEqual([]);
  });

  it('docs/deploy.md quotes each production refusal as the config words it', () => {
    const refusals = new Set<string>();
    // A bare production environment, and one that brings keys: between them every refusal of the schema.
    for (const env of [{ APP_ENV: 'production' }, { APP_ENV: 'production', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true', AZURE_SEARCH_API_KEY: 'k' }]) {
      try {
        parseConfig(env);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        error.issues.forEach((issue) => refusals.add(issue));
      }
    }
    const audit = read('src/audit/audit.module.ts');
    const quoted = [...read('docs/deploy.md').matchAll(/`(production (?:refuses|needs) [^`]+)`/g)].map((match) => match[1]);
    expect(quoted.length).toBeGreaterThanOrEqual(7);
    expect(quoted.filter((message) => !refusals.has(message) && !audit.includes(message))).toEqual([]);
  });

  it('docs/deploy.md names the queues, container and index the code uses', () => {
    const deploy = inlineCode(read('docs/deploy.md'));
    const defaults = envSchema.parse({});
    for (const name of [DOCUMENT_QUEUE, REDACTION_PLAN_QUEUE, defaults.AZURE_BLOB_CONTAINER, defaults.AZURE_SEARCH_INDEX_NAME]) {
      expect(deploy).toContain(name);
    }
  });
});

describe('docs/deploy.md names only Terraform variables and outputs that exist', () => {
  const deploy = read('docs/deploy.md');
  const declared = (path: string, kind: 'variable' | 'output'): Set<string> => new Set([...read(path).matchAll(new RegExp(`^${kind} "([a-z0-9_]+)"`, 'gm'))].map((match) => match[1]));
  const variables = declared('terraform/variables.tf', 'variable');
  const outputs = declared('terraform/outputs.tf', 'output');
  /** Lower-case names in backticks that are neither, and the file that defines each. */
  const others: Record<string, string> = {
    preferred_username: 'src/config/app-config.ts', // the token claim AUTH_USERNAME_CLAIM defaults to
    use_azuread_auth: 'terraform/environments/prod.backend.hcl', // a backend setting
    max_replicas: 'terraform/variables.tf', // an attribute of api_scale and worker_scale
  };

  it('declares variables and outputs to check against', () => {
    expect(variables.size).toBeGreaterThan(10);
    expect(outputs.size).toBeGreaterThan(5);
  });

  it('every TF_VAR_<name> is a variable of terraform/variables.tf', () => {
    const named = [...deploy.matchAll(/TF_VAR_([a-z0-9_]+)/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThanOrEqual(5);
    expect(named.filter((name) => !variables.has(name))).toEqual([]);
  });

  it('every `terraform output -raw <name>` is an output of terraform/outputs.tf', () => {
    const named = [...deploy.matchAll(/terraform(?: -chdir=\S+)? output -raw ([a-z0-9_]+)/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThanOrEqual(5);
    expect(named.filter((name) => !outputs.has(name))).toEqual([]);
  });

  it('every lower_snake name in backticks is a variable (or one of its attributes), an output, or defined where listed', () => {
    const named = inlineCode(deploy).flatMap((span) => /^([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?:\.[a-z_]+)?$/.exec(span)?.[1] ?? []);
    expect(named.length).toBeGreaterThanOrEqual(10);
    const unknown = named.filter((name) => !variables.has(name) && !outputs.has(name) && !(name in others && read(others[name]).includes(name)));
    expect([...new Set(unknown)]).toEqual([]);
  });
});

describe('docs/capacity.md cites bench figures that are in the bench READMEs', () => {
  const capacity = read('docs/capacity.md');
  const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
  /** Rows of the table of figures: `| F<n> | figures in backticks | command | README | … |`. */
  const rows = [...capacity.matchAll(/^\| (F\d+) \| (.+?) \| `npm run ([a-z:-]+)` \| `(bench\/(?:[a-z-]+\/)?README\.md)` \|/gm)].map(
    ([, id, figures, script, readme]) => ({ id, figures: [...figures.matchAll(/`([^`]+)`/g)].map((match) => match[1]), script, readme }),
  );

  it('has a table of figures, each row with at least one figure', () => {
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.filter((row) => row.figures.length === 0).map((row) => row.id)).toEqual([]);
  });

  it('every cited figure appears, as written, in the README it names', () => {
    const missing = rows.flatMap((row) => row.figures.filter((figure) => !read(row.readme).includes(figure)).map((figure) => `${row.id}: ${figure} in ${row.readme}`));
    expect(missing).toEqual([]);
  });

  it('every command is an npm script of package.json', () => {
    expect(rows.filter((row) => !scripts.includes(row.script)).map((row) => `${row.id}: ${row.script}`)).toEqual([]);
  });

  it('every figure id used in the text is in the table, and every row is used', () => {
    const defined = new Set(rows.map((row) => row.id));
    const body = capacity.replace(/^\| F\d+ \|.*$/gm, '');
    const used = new Set([...body.matchAll(/\b(F\d+)\b/g)].map((match) => match[1]));
    expect([...used].filter((id) => !defined.has(id))).toEqual([]);
    expect([...defined].filter((id) => !used.has(id))).toEqual([]);
  });
});
