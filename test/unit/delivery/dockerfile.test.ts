import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Checks the real Dockerfile and .dockerignore text; no Docker engine is needed (or available). */

const root = join(__dirname, '..', '..', '..');

interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}

interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Splits a Dockerfile into instructions: joins `\` continuations, drops comments and blank lines. */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    const continued = line.endsWith('\\');
    pending += (pending ? ' ' : '') + (continued ? line.slice(0, -1).trim() : line);
    if (!continued) {
      logical.push(pending);
      pending = '';
    }
  }
  if (pending) logical.push(pending);

  const stages: Stage[] = [];
  for (const line of logical) {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    if (!match) continue;
    const keyword = (match[1] ?? '').toUpperCase();
    const args = match[2] ?? '';
    if (keyword === 'FROM') {
      const from = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args);
      stages.push({ from: from?.[1] ?? '', name: from?.[2], instructions: [] });
    }
    const stage = stages[stages.length - 1];
    if (stage) stage.instructions.push({ keyword, args, stage: stages.length - 1 });
  }
  return stages;
}

const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const stages = parseDockerfile(dockerfile);
const runtime = stages[stages.length - 1] as Stage;
const all = stages.flatMap((s) => s.instructions);

function inStage(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword);
}

function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  expect(Array.isArray(parsed)).toBe(true);
  return parsed as string[];
}

describe('parseDockerfile', () => {
  it('joins continuations, skips comments and splits stages', () => {
    const parsed = parseDockerfile(
      [
        '# syntax=docker/dockerfile:1',
        'FROM node:20 AS build',
        'RUN npm ci \\',
        '    && npm run build',
        'FROM node:20-slim',
        'CMD ["node", "x.js"]',
      ].join('\n'),
    );
    expect(parsed.map((s) => [s.from, s.name])).toEqual([
      ['node:20', 'build'],
      ['node:20-slim', undefined],
    ]);
    expect(parsed[0]?.instructions[1]).toEqual({
      keyword: 'RUN',
      args: 'npm ci && npm run build',
      stage: 0,
    });
  });
});

describe('Dockerfile', () => {
  it('is multi-stage on Node 20', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toMatch(/^node:20([.-]|$)/);
    // every stage but the last is named, so later stages can copy from it
    for (const stage of stages.slice(0, -1)) expect(stage.name).toBeTruthy();
  });

  it('installs from the lockfile with npm ci, after copying .npmrc and the lockfile', () => {
    const ciIndex = all.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
    expect(ciIndex).toBeGreaterThanOrEqual(0);
    const ci = all[ciIndex] as Instruction;
    expect(all.some((i) => i.keyword === 'RUN' && /\bnpm install\b/.test(i.args))).toBe(false);

    const copiesBefore = all
      .slice(0, ciIndex)
      .filter((i) => i.keyword === 'COPY' && i.stage === ci.stage && !/--from=/.test(i.args));
    const copied = copiesBefore.flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(copied).toEqual(expect.arrayContaining(['.npmrc', 'package.json', 'package-lock.json']));
    // the whole source must not be copied before install, or every change busts the layer cache
    expect(copied).not.toContain('.');
  });

  it('builds with npm run build and ships production dependencies only', () => {
    const runs = all.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.some((r) => /\bnpm run build\b/.test(r))).toBe(true);
    expect(runs.some((r) => /--omit=dev\b/.test(r))).toBe(true);
    // the runtime stage itself neither installs nor compiles
    expect(inStage(runtime, 'RUN').filter((i) => /\bnpm\b|\btsc\b/.test(i.args))).toEqual([]);
  });

  it('copies the prepared app from a named earlier stage into the runtime stage', () => {
    const names = stages.slice(0, -1).map((s) => s.name?.toLowerCase());
    const fromCopies = inStage(runtime, 'COPY').filter((i) => /--from=/.test(i.args));
    expect(fromCopies.length).toBeGreaterThan(0);
    for (const copy of fromCopies) {
      expect(names).toContain(/--from=(\S+)/.exec(copy.args)?.[1]?.toLowerCase());
    }
    // the build stage gathers dist, node_modules, package.json and an optional public/
    const build = runs(stages.slice(0, -1));
    for (const part of ['dist', 'node_modules', 'package.json', 'public']) {
      expect(build).toContain(part);
    }
    // a plain COPY of the build context would drag the sources into the runtime image
    expect(inStage(runtime, 'COPY').filter((i) => !/--from=/.test(i.args))).toEqual([]);
  });

  it('runs as a non-root user in production mode', () => {
    const users = inStage(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = (users[users.length - 1] as Instruction).args.trim();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(user).toBe('node');
    const userAt = runtime.instructions.lastIndexOf(users[users.length - 1] as Instruction);
    const cmdAt = runtime.instructions.findIndex((i) => i.keyword === 'CMD');
    expect(userAt).toBeLessThan(cmdAt);

    const env = inStage(runtime, 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toMatch(/\bNODE_ENV=production\b/);
  });

  it('exposes 3000, probes /health and starts node dist/main.js directly', () => {
    expect(inStage(runtime, 'EXPOSE').map((i) => i.args.trim())).toContain('3000');

    const healthchecks = inStage(runtime, 'HEALTHCHECK');
    expect(healthchecks).toHaveLength(1);
    expect(healthchecks[0]?.args).toMatch(/\/health\b/);
    // the slim base image has no curl or wget: the probe must use node
    expect(healthchecks[0]?.args).toMatch(/CMD \["node"/);

    const cmds = inStage(runtime, 'CMD');
    expect(cmds).toHaveLength(1);
    expect(execForm((cmds[0] as Instruction).args)).toEqual(['node', 'dist/main.js']);
    // node runs directly (no npm wrapper), and no ENTRYPOINT wraps the CMD
    expect(inStage(runtime, 'ENTRYPOINT')).toEqual([]);
  });
});

describe('.dockerignore', () => {
  const entries = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('keeps local state, build output and secrets out of the context', () => {
    expect(entries).toEqual(
      expect.arrayContaining(['node_modules', 'dist', '.data', 'coverage', '.git', '.env']),
    );
  });

  it('keeps what the build needs', () => {
    for (const needed of ['.npmrc', 'package.json', 'package-lock.json', 'src', 'tsconfig*']) {
      expect(entries).not.toContain(needed);
    }
    expect(entries.filter((e) => e === '*' || e === '**')).toEqual([]);
  });
});

function runs(from: Stage[]): string {
  return from
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'RUN')
    .map((i) => i.args)
    .join('\n');
}
