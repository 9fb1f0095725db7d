import { basename, relative } from 'node:path';
import { parse } from 'yaml';
import { filesUnder, readRepoFile, REPO_ROOT } from './repo-files.js';

/** The parts of a GitHub Actions workflow the delivery tests look at. */
export interface WorkflowStep {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
  readonly 'working-directory'?: string;
}

export interface WorkflowJob {
  readonly name?: string;
  readonly if?: string;
  readonly 'runs-on'?: unknown;
  readonly environment?: string | { readonly name: string };
  readonly permissions?: Record<string, string> | string;
  readonly defaults?: { readonly run?: { readonly shell?: string } };
  readonly env?: Record<string, unknown>;
  readonly steps?: readonly WorkflowStep[];
}

export interface Workflow {
  readonly name?: string;
  readonly on: unknown;
  readonly permissions?: Record<string, string> | string;
  readonly defaults?: { readonly run?: { readonly shell?: string } };
  readonly env?: Record<string, unknown>;
  readonly jobs: Record<string, WorkflowJob>;
}

export interface LoadedWorkflow {
  /** Relative to the repository, e.g. `.github/workflows/ci.yml`. */
  readonly path: string;
  readonly text: string;
  readonly workflow: Workflow;
}

export interface RunBlock {
  readonly where: string;
  readonly shell: string;
  readonly script: string;
}

export function workflowPaths(): string[] {
  return filesUnder('.github/workflows', (name) => /\.ya?ml$/.test(name)).map((file) => relative(REPO_ROOT, file));
}

export function loadWorkflow(path: string): LoadedWorkflow {
  const text = readRepoFile(path);
  return { path, text, workflow: parse(text) as Workflow };
}

export function loadWorkflowNamed(name: string): LoadedWorkflow {
  const path = workflowPaths().find((candidate) => basename(candidate) === name);
  if (!path) throw new Error(`no workflow ${name} under .github/workflows`);
  return loadWorkflow(path);
}

/**
 * Every `run:` block with the shell GitHub runs it with (the step's, else the job's or the workflow's
 * `defaults.run.shell`, else bash on Linux runners). `${{ }}` expressions are blanked to underscores of the
 * same length, as actionlint does before it hands a script to shellcheck.
 */
export function runBlocks({ path, workflow }: LoadedWorkflow): RunBlock[] {
  const blocks: RunBlock[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    (job.steps ?? []).forEach((step, index) => {
      if (typeof step.run !== 'string') return;
      const shell = step.shell ?? job.defaults?.run?.shell ?? workflow.defaults?.run?.shell ?? 'bash';
      blocks.push({ where: `${path} jobs.${jobId}.steps[${index}]${step.name ? ` (${step.name})` : ''}`, shell, script: blankExpressions(step.run) });
    });
  }
  return blocks;
}

export function blankExpressions(script: string): string {
  return script.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => '_'.repeat(expression.length));
}

/** Every step of every job, with the job it belongs to. */
export function allSteps(workflow: Workflow): { jobId: string; job: WorkflowJob; step: WorkflowStep }[] {
  return Object.entries(workflow.jobs).flatMap(([jobId, job]) => (job.steps ?? []).map((step) => ({ jobId, job, step })));
}

export function environmentName(job: WorkflowJob): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}
