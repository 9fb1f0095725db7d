import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { aptPackages, copySources, parseDockerfile, type DockerInstruction, type DockerStage } from './helpers-delivery/dockerfile-parser.js';
import { DockerIgnore } from './helpers-delivery/dockerignore.js';
import { filesUnder, readRepoFile, REPO_ROOT } from './helpers-delivery/repo-files.js';
import { describeFindings, shellcheck } from './helpers-delivery/shellcheck.js';

/**
 * The image policy, checked without a Docker engine: the Dockerfile read by a small parser, the
 * converters the code runs matched to the Debian packages the runtime stage installs.
 */

/** What each program the code runs (findProgram / runProgram / context.program) comes from in Debian. */
const PROGRAM_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  pdftotext: ['poppler-utils'],
  pdfinfo: ['poppler-utils'],
  pdftoppm: ['poppler-utils'],
  pdfimages: ['poppler-utils'],
  qpdf: ['qpdf'],
  tesseract: ['tesseract-ocr', 'tesseract-ocr-eng', 'tesseract-ocr-osd'],
  soffice: ['libreoffice-writer-nogui', 'libreoffice-calc-nogui', 'libreoffice-impress-nogui', 'libreoffice-draw-nogui'],
  prlimit: ['util-linux'],
};
/** Programs the code runs only when an operator opts in; deliberately not in the image (ADR 0038). */
const OPT_IN_PROGRAMS: Readonly<Record<string, string>> = {
  mutool: 'REDACTION_ENGINE=mupdf, the AGPL engine, only when set by name',
};
/** Font directories under /usr/share/fonts/truetype the text and email renderer reads. */
const FONT_PACKAGES: Readonly<Record<string, string | null>> = {
  dejavu: 'fonts-dejavu-core',
  wqy: 'fonts-wqy-microhei',
  droid: null, // a last fallback the renderer tries only when present
};
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE|CONNECTION_?STRING|CREDENTIAL|SAS\b/i;

const dockerfile = parseDockerfile(readRepoFile('Dockerfile'));
const dockerignore = new DockerIgnore(readRepoFile('.dockerignore'));
const finalStage = dockerfile.stages.at(-1)!;
const stageNames = new Set(dockerfile.stages.map((stage) => stage.name).filter((name) => name !== null));

function inStage(stage: DockerStage, keyword: string): DockerInstruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** `KEY=value KEY2=value` (or the legacy `KEY value`) of ENV and ARG. */
function assignments(instruction: DockerInstruction): Map<string, string> {
  const pairs = new Map<string, string>();
  if (!instruction.args.includes('=')) {
    const [name = '', ...value] = instruction.args.split(/\s+/);
    pairs.set(name, value.join(' '));
    return pairs;
  }
  for (const match of instruction.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("[^"]*"|\S*))?/g)) pairs.set(match[1], (match[2] ?? '').replace(/^"|"$/g, ''));
  return pairs;
}

/** Programs named in the source: `findProgram('x')`, `runProgram('x', …)`, `context.program('x')`. */
function programsTheCodeRuns(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of filesUnder('src', (name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'))) {
    for (const match of readRepoFile(relative(REPO_ROOT, file)).matchAll(/\b(?:findProgram|runProgram|program)\(\s*'([A-Za-z0-9._-]+)'/g)) {
      found.set(match[1], [...(found.get(match[1]) ?? []), relative(REPO_ROOT, file)]);
    }
  }
  return found;
}

function installScriptPackages(): string[] {
  const match = /^needed=\(([^)]*)\)/m.exec(readRepoFile('scripts/install-system-packages.sh'));
  if (!match) throw new Error('scripts/install-system-packages.sh has no needed=(…) list');
  return match[1].trim().split(/\s+/);
}

describe('the Dockerfile parser', () => {
  it('joins continuation lines, skips comments inside them, and reads flags, exec form and stages', () => {
    const parsed = parseDockerfile(
      [
        'ARG BASE=x',
        'FROM debian:12.5 AS build',
        '# a comment',
        'RUN apt-get update \\',
        '  # a comment inside a continued instruction',
        '  && apt-get install -y --no-install-recommends qpdf \\',
        '    poppler-utils',
        'from build',
        'COPY --from=build --chown=1000:1000 /app/dist ./dist',
        'HEALTHCHECK --interval=30s CMD ["node", "-e", "1"]',
        'CMD ["node", "dist/main.js"]',
      ].join('\n'),
    );
    expect(parsed.stages.map((s) => [s.image, s.name])).toEqual([
      ['debian:12.5', 'build'],
      ['build', null],
    ]);
    const run = parsed.stages[0].instructions[1];
    expect(run).toMatchObject({ keyword: 'RUN', line: 4, args: 'apt-get update && apt-get install -y --no-install-recommends qpdf poppler-utils' });
    expect(aptPackages(parsed.stages[0])).toEqual(['qpdf', 'poppler-utils']);
    const [copy, healthcheck, cmd] = parsed.stages[1].instructions.slice(1);
    expect(copy).toMatchObject({ keyword: 'COPY', flags: { from: 'build', chown: '1000:1000' }, args: '/app/dist ./dist' });
    expect(copySources(copy)).toEqual(['/app/dist']);
    expect(healthcheck).toMatchObject({ flags: { interval: '30s' }, exec: ['node', '-e', '1'] });
    expect(cmd.exec).toEqual(['node', 'dist/main.js']);
  });

  it('refuses an instruction before the first FROM (ARG aside) and a file that ends mid-instruction', () => {
    expect(() => parseDockerfile('RUN true\nFROM debian:12.5')).toThrow(/line 1: RUN before the first FROM/);
    expect(() => parseDockerfile('FROM debian:12.5\nRUN true \\')).toThrow(/line 2: the file ends inside a continued instruction/);
  });
});

describe('the .dockerignore matcher', () => {
  const ignore = new DockerIgnore('# c\n**/node_modules\ndist\n*.log\nsecrets/\n!secrets/public.txt\n**/*.env\n');

  it('matches as the Docker builder does: segments, **, directories and their contents, negation', () => {
    expect(ignore.ignores('node_modules')).toBe(true);
    expect(ignore.ignores('web/node_modules/react/index.js')).toBe(true);
    expect(ignore.ignores('dist/main.js')).toBe(true);
    expect(ignore.ignores('web/dist')).toBe(false);
    expect(ignore.ignores('app.log')).toBe(true);
    expect(ignore.ignores('logs/app.log')).toBe(false);
    expect(ignore.ignores('secrets/key.pem')).toBe(true);
    expect(ignore.ignores('secrets/public.txt')).toBe(false);
    expect(ignore.ignores('config/prod.env')).toBe(true);
    expect(ignore.ignores('src/main.ts')).toBe(false);
  });
});

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage, and every external base is pinned by exact version and digest', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    const external = dockerfile.stages.filter((stage) => !stageNames.has(stage.image));
    expect(external.length).toBeGreaterThan(0);
    for (const stage of external) {
      const [reference, digest] = stage.image.split('@');
      const tag = reference.includes(':') ? reference.slice(reference.lastIndexOf(':') + 1) : '';
      expect({ image: stage.image, latest: /latest/i.test(stage.image) }).toEqual({ image: stage.image, latest: false });
      expect({ image: stage.image, tag }).toEqual({ image: stage.image, tag: expect.stringMatching(/^\d+\.\d+\.\d+(-[a-z0-9.-]+)?$/) });
      expect({ image: stage.image, digest }).toEqual({ image: stage.image, digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
      expect(stage.image).not.toMatch(/\$/);
    }
    // One base for both stages: what was built is what runs (native modules included).
    expect(new Set(external.map((stage) => stage.image)).size).toBe(1);
  });

  it('runs the final stage as a non-root user', () => {
    const users = inStage(finalStage, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.args.split(':')[0];
    expect(['', 'root', '0']).not.toContain(user);
  });

  it('has a HEALTHCHECK on /health/live without curl, listens on 3000 and starts node dist/main.js', () => {
    const [healthcheck] = inStage(finalStage, 'HEALTHCHECK');
    expect(healthcheck).toBeDefined();
    expect(healthcheck.exec?.[0]).toBe('node');
    expect(healthcheck.exec?.join(' ')).toContain('/health/live');
    expect(healthcheck.args).not.toMatch(/\b(curl|wget)\b/);
    expect(inStage(finalStage, 'EXPOSE').map((i) => i.args)).toContain('3000');
    expect(inStage(finalStage, 'CMD').at(-1)?.exec).toEqual(['node', 'dist/main.js']);
  });

  it('sets production mode, listens on every interface, and leaves ROLE to the platform', () => {
    const env = new Map(inStage(finalStage, 'ENV').flatMap((i) => [...assignments(i)]));
    expect(env.get('NODE_ENV')).toBe('production');
    expect(env.get('APP_ENV')).toBe('production');
    expect(env.get('HOST')).toBe('0.0.0.0');
    expect(env.has('ROLE')).toBe(false);
  });

  it('fetches nothing by ADD and pipes nothing from the network into a shell', () => {
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword === 'ADD') expect({ line: instruction.line, url: /\bhttps?:\/\/|\bgit@/.test(instruction.args) }).toEqual({ line: instruction.line, url: false });
      if (instruction.keyword === 'RUN') expect(instruction.args).not.toMatch(/\b(curl|wget)\b[^|]*\|\s*(ba)?sh/);
    }
  });

  it('puts no secret in ENV or ARG', () => {
    for (const instruction of dockerfile.instructions.filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')) {
      for (const [name, value] of assignments(instruction)) {
        expect({ line: instruction.line, name, secretName: SECRET_NAME.test(name) }).toEqual({ line: instruction.line, name, secretName: false });
        expect({ line: instruction.line, name, longOpaqueValue: /[A-Za-z0-9+/=_-]{32,}/.test(value) }).toEqual({ line: instruction.line, name, longOpaqueValue: false });
      }
    }
  });

  it('builds with the lockfile, prunes to production dependencies, and the runtime copies dist, web/dist and node_modules from the build', () => {
    const build = dockerfile.stages.find((stage) => stage !== finalStage && stage.name !== null)!;
    const buildRuns = inStage(build, 'RUN').map((i) => i.args);
    expect(buildRuns.some((run) => /\bnpm ci\b/.test(run))).toBe(true);
    expect(buildRuns.some((run) => /\bnest build\b/.test(run))).toBe(true);
    expect(buildRuns.some((run) => /\bbuild:web\b/.test(run))).toBe(true);
    const prune = buildRuns.findIndex((run) => /npm prune --omit=dev/.test(run));
    const compile = buildRuns.findIndex((run) => /\bnest build\b/.test(run));
    expect(prune).toBeGreaterThanOrEqual(compile);
    expect(buildRuns[prune].indexOf('npm prune')).toBeGreaterThan(buildRuns[prune].indexOf('build:web'));

    const fromBuild = inStage(finalStage, 'COPY')
      .filter((copy) => copy.flags.from === build.name)
      .flatMap(copySources);
    expect(fromBuild).toEqual(expect.arrayContaining(['/app/dist', '/app/web/dist', '/app/node_modules', '/app/package.json']));
    // The runtime never installs npm packages itself: its node_modules are the pruned ones.
    expect(inStage(finalStage, 'RUN').map((i) => i.args).join('\n')).not.toMatch(/\bnpm (ci|install)\b/);
  });

  it('installs in the runtime stage the Debian package of every program the code runs', () => {
    const installed = new Set(aptPackages(finalStage));
    const programs = programsTheCodeRuns();
    expect(programs.size).toBeGreaterThanOrEqual(5);
    for (const [program, files] of programs) {
      if (program in OPT_IN_PROGRAMS) continue;
      const packages = PROGRAM_PACKAGES[program];
      expect({ program, files, mapped: packages !== undefined }).toEqual({ program, files, mapped: true });
      for (const pkg of packages) expect({ program, pkg, installed: installed.has(pkg) }).toEqual({ program, pkg, installed: true });
    }
    for (const program of Object.keys(OPT_IN_PROGRAMS)) expect(installed.has(program === 'mutool' ? 'mupdf-tools' : program)).toBe(false);
    expect(installed.has('chromium')).toBe(false);
  });

  it('installs the fonts the text and email renderer reads', () => {
    const installed = new Set(aptPackages(finalStage));
    const renderer = readRepoFile('src/conversion/render/text-pdf.ts');
    const directories = new Set([...renderer.matchAll(/\/usr\/share\/fonts\/truetype\/([a-z0-9-]+)\//g)].map((m) => m[1]));
    expect(directories.size).toBeGreaterThan(0);
    for (const directory of directories) {
      expect({ directory, known: directory in FONT_PACKAGES }).toEqual({ directory, known: true });
      const pkg = FONT_PACKAGES[directory];
      if (pkg) expect({ directory, pkg, installed: installed.has(pkg) }).toEqual({ directory, pkg, installed: true });
    }
  });

  it('installs at run time only packages the tests also install, and no build tools', () => {
    const testMachine = new Set(installScriptPackages());
    for (const pkg of aptPackages(finalStage)) expect({ pkg, inInstallScript: testMachine.has(pkg) }).toEqual({ pkg, inInstallScript: true });
    for (const tool of ['g++', 'make', 'python3', 'build-essential']) expect(aptPackages(finalStage)).not.toContain(tool);
  });

  it('writes RUN commands that shellcheck passes (sh, as the builder runs them)', () => {
    const runs = dockerfile.instructions.filter((i) => i.keyword === 'RUN' && i.exec === null);
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) expect({ line: run.line, findings: describeFindings(shellcheck(`${run.args}\n`, 'sh')) }).toEqual({ line: run.line, findings: [] });
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, builds, history, data, test output and env files out of the context', () => {
    for (const path of ['node_modules', 'web/node_modules', '.git', 'dist', 'web/dist', 'test-artefacts', 'data', 'coverage', 'local.env', 'config/.env', 'build.log']) {
      expect({ path, ignored: dockerignore.ignores(path) }).toEqual({ path, ignored: true });
    }
  });

  it('ignores nothing a COPY from the context needs, and every such source exists', () => {
    const fromContext = dockerfile.instructions.filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && i.flags.from === undefined).flatMap(copySources);
    expect(fromContext).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src', 'web', 'config']));
    for (const source of fromContext) {
      expect({ source, ignored: dockerignore.ignores(source) }).toEqual({ source, ignored: false });
      expect({ source, exists: existsSync(join(REPO_ROOT, source)) }).toEqual({ source, exists: true });
    }
    // Inside a copied directory: the sources the build compiles stay in.
    for (const path of ['src/main.ts', 'web/src/main.tsx', 'web/index.html', 'web/vite.config.ts', 'config/routes.yaml']) {
      expect({ path, ignored: dockerignore.ignores(path) }).toEqual({ path, ignored: false });
    }
  });
});
