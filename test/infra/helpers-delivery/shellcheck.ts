import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { REPO_ROOT } from './repo-files.js';

export interface ShellcheckFinding {
  readonly line: number;
  readonly column: number;
  readonly code: number;
  readonly level: string;
  readonly message: string;
}

/**
 * Runs Debian's shellcheck over a script given on stdin. `exclude` names codes that cannot apply to the
 * snippet (e.g. variables a workflow sets through `env:`), as actionlint does when it calls shellcheck.
 */
export function shellcheck(script: string, shell: 'bash' | 'sh', exclude: readonly number[] = []): ShellcheckFinding[] {
  const args = ['--norc', '--format=json1', `--shell=${shell}`, ...(exclude.length > 0 ? [`--exclude=${exclude.map((c) => `SC${c}`).join(',')}`] : []), '-'];
  const result = spawnSync('shellcheck', args, { input: script, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.error) throw new Error(`shellcheck could not run (scripts/install-system-packages.sh installs it): ${result.error.message}`);
  // 0: clean, 1: findings; anything else is a usage or parse error of shellcheck itself.
  if (result.status !== 0 && result.status !== 1) throw new Error(`shellcheck failed (${result.status}): ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as { comments: ShellcheckFinding[] };
  return parsed.comments.map(({ line, column, code, level, message }) => ({ line, column, code, level, message }));
}

/** Runs shellcheck on a file of the repository, following the files it sources. */
export function shellcheckFile(path: string): ShellcheckFinding[] {
  const result = spawnSync('shellcheck', ['--norc', '--format=json1', '--external-sources', relative(REPO_ROOT, path)], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.error) throw new Error(`shellcheck could not run (scripts/install-system-packages.sh installs it): ${result.error.message}`);
  if (result.status !== 0 && result.status !== 1) throw new Error(`shellcheck failed (${result.status}): ${result.stderr}`);
  return (JSON.parse(result.stdout) as { comments: ShellcheckFinding[] }).comments.map(({ line, column, code, level, message }) => ({ line, column, code, level, message }));
}

export function describeFindings(findings: readonly ShellcheckFinding[]): string[] {
  return findings.map((f) => `${f.line}:${f.column} SC${f.code} (${f.level}) ${f.message}`);
}
