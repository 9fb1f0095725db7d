import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Loaded with require, not imported: its typings pull in the DOM lib, which would change fetch's types project-wide.
const { parse } = createRequire(import.meta.url)('@cdktf/hcl2json') as { parse: (filename: string, contents: string) => Promise<unknown> };

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const TERRAFORM_ROOT = join(REPO_ROOT, 'terraform');

/** A block or object as @cdktf/hcl2json gives it: nested blocks are arrays, expressions are "${...}" strings. */
export type Hcl = Record<string, unknown>;

export interface TerraformFile {
  /** Relative to the repository root, e.g. terraform/modules/storage/main.tf. */
  readonly path: string;
  /** The module's directory, relative to the repository root. */
  readonly dir: string;
  readonly body: Hcl;
}

export class TerraformSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

/** Parses one HCL file; a syntax error becomes a TerraformSyntaxError naming the file and the line. */
export async function parseHcl(path: string, text: string): Promise<Hcl> {
  try {
    return (await parse(path, text)) as Hcl;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = new RegExp(`${escapeRegExp(path)}:(\\d+),\\d+(?:-\\d+(?:,\\d+)?)?: ([^\\]]*)`).exec(message);
    throw new TerraformSyntaxError(path, at === null ? 0 : Number(at[1]), at === null ? message : at[2]);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Repository-relative paths of the files under terraform/ whose names end with one of the suffixes. */
export function terraformPaths(...suffixes: string[]): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) visit(full);
      else if (entry.isFile() && suffixes.some((suffix) => entry.name.endsWith(suffix))) found.push(relative(REPO_ROOT, full));
    }
  };
  visit(TERRAFORM_ROOT);
  return found.sort();
}

export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

let loaded: Promise<TerraformFile[]> | null = null;

/** Every .tf file under terraform/, parsed (once per test file). */
export function loadTerraform(): Promise<TerraformFile[]> {
  loaded ??= Promise.all(terraformPaths('.tf').map(async (path) => ({ path, dir: dirname(path), body: await parseHcl(path, readRepoFile(path)) })));
  return loaded;
}
