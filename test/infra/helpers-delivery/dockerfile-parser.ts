/**
 * A small Dockerfile reader for the image policy test: enough of the Dockerfile reference to see
 * instructions, their flags and arguments, and the stages they belong to. Not a full BuildKit parser:
 * no heredocs, no parser directives other than the default escape character.
 */

export interface DockerInstruction {
  /** Upper-cased, e.g. `RUN`. */
  readonly keyword: string;
  /** `--from=build` → `from: 'build'`; flags without a value map to ''. */
  readonly flags: Readonly<Record<string, string>>;
  /** The arguments after the flags, continuation lines joined with a space. */
  readonly args: string;
  /** The JSON array of an exec-form instruction (`CMD ["node", "x"]`), else null. */
  readonly exec: readonly string[] | null;
  /** 1-based line of the instruction's first line. */
  readonly line: number;
}

export interface DockerStage {
  readonly image: string;
  readonly name: string | null;
  readonly index: number;
  readonly instructions: readonly DockerInstruction[];
}

export interface ParsedDockerfile {
  readonly instructions: readonly DockerInstruction[];
  readonly stages: readonly DockerStage[];
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const instructions = logicalLines(text).map(({ text: line, line: number }) => toInstruction(line, number));
  const stages: { image: string; name: string | null; index: number; instructions: DockerInstruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' && name ? name : null, index: stages.length, instructions: [instruction] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    } else if (instruction.keyword !== 'ARG') {
      throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
    }
  }
  return { instructions, stages };
}

/** Joins backslash continuations; drops comments and blank lines (also those inside a continued instruction). */
function logicalLines(text: string): { text: string; line: number }[] {
  const result: { text: string; line: number }[] = [];
  let current: { parts: string[]; line: number } | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const continues = /\\\s*$/.test(raw);
    const part = continues ? raw.replace(/\\\s*$/, '').trim() : trimmed;
    current ??= { parts: [], line: index + 1 };
    current.parts.push(part);
    if (!continues) {
      result.push({ text: current.parts.filter((p) => p !== '').join(' '), line: current.line });
      current = null;
    }
  });
  if (current !== null) throw new Error(`line ${(current as { line: number }).line}: the file ends inside a continued instruction`);
  return result;
}

function toInstruction(text: string, line: number): DockerInstruction {
  const match = /^(\S+)\s*(.*)$/.exec(text);
  if (!match) throw new Error(`line ${line}: not an instruction`);
  const keyword = match[1].toUpperCase();
  if (!/^[A-Z]+$/.test(keyword)) throw new Error(`line ${line}: "${match[1]}" is not an instruction`);
  let rest = match[2];
  const flags: Record<string, string> = {};
  for (let flag = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest); flag; flag = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest)) {
    flags[flag[1]] = flag[2] ?? '';
    rest = rest.slice(flag[0].length);
  }
  return { keyword, flags, args: rest, exec: execForm(rest), line };
}

function execForm(args: string): string[] | null {
  // HEALTHCHECK's exec form follows its CMD keyword.
  const json = args.replace(/^CMD\s+/i, '');
  if (!json.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

/** The source paths of a COPY/ADD (all but the last argument), exec or shell form. */
export function copySources(instruction: DockerInstruction): string[] {
  const parts = instruction.exec ?? instruction.args.split(/\s+/).filter((part) => part !== '');
  return parts.slice(0, -1);
}

/** Debian packages named in `apt-get install` commands of a stage's RUN instructions. */
export function aptPackages(stage: DockerStage): string[] {
  const packages: string[] = [];
  for (const instruction of stage.instructions.filter((i) => i.keyword === 'RUN')) {
    for (const command of instruction.args.split(/&&|;|\|\|/)) {
      const words = command.trim().split(/\s+/);
      const install = words.findIndex((word, i) => word === 'install' && words[i - 1] === 'apt-get');
      if (install < 0) continue;
      packages.push(...words.slice(install + 1).filter((word) => !word.startsWith('-')));
    }
  }
  return packages;
}
