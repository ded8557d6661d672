/**
 * A start without YAML (issue 27 item 6): `lokiplan init` writes a commented scenario that plans
 * with no edits, asks its questions only on a terminal, never overwrites without --force; `plan -`
 * (and check, compare, helm-values) read the scenario from standard input; `name:` defaults from
 * the file's name ("stdin" for standard input).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { ROOT } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lokiplan-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[], io: { stdin?: string; tty?: boolean; answers?: string[] } = {}) {
  let stdout = '';
  let stderr = '';
  const asked: string[] = [];
  const answers = [...(io.answers ?? [])];
  const code = await run(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    env: {},
    ...(io.stdin !== undefined ? { readStdin: (max: number) => Buffer.from(io.stdin!).subarray(0, max + 1) } : {}),
    stdinTTY: io.tty ?? false,
    ask: async (q: string) => {
      asked.push(q);
      return answers.shift() ?? '';
    },
  });
  return { code, stdout, stderr, asked };
}
const planJson = async (argv: string[], stdin?: string) => {
  const r = await cli([...argv, '-f', 'json'], stdin === undefined ? {} : { stdin });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).plans[0];
};

describe('lokiplan init', () => {
  it('with no flags and no terminal: the defaults, said in the file, and a scenario that plans as written', async () => {
    const r = await cli(['init']);
    expect(r.code).toBe(0);
    expect(r.asked).toEqual([]); // a pipe is never asked anything
    expect(r.stdout.replace(/\n *# /g, ' ').match(/\(lokiplan init default\)/g)).toHaveLength(5);
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    const p = await planJson(['plan', '-'], r.stdout);
    expect(p.scenario).toBe('stdin');
    expect(p.region).toBe('us-east-1');
    expect(p.workload.bytesPerDay).toBeCloseTo(100e9, 0);
    expect(p.workload.retentionDays).toBe(30);
    expect(p.sizing.zones).toBe(3);
  });

  it('flags fill the scenario; --out writes it, refuses to overwrite it, and --force does', async () => {
    const out = join(dir, 'acme.yaml');
    const r = await cli(['init', '--volume', '1 TB/day', '--retention', '14 days', '--region', 'eu-west-1', '--mode', 'microservices', '--zones', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`wrote ${out}; next: lokiplan plan ${out}\n`);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(/lokiplan init default/);
    const p = await planJson(['plan', out]);
    expect(p.scenario).toBe('acme'); // no name: the file's
    expect([p.region, p.mode, p.workload.retentionDays, p.sizing.zones]).toEqual(['eu-west-1', 'microservices', 14, 2]);
    expect(p.workload.bytesPerDay).toBeCloseTo(1e12, 0);
    const again = await cli(['init', '--zones', '3', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`lokiplan: ${out} exists: lokiplan init does not overwrite a file without --force\n`);
    expect(readFileSync(out, 'utf8')).toBe(text);
    expect((await cli(['init', '--zones', '3', '--name', 'Acme', '--out', out, '--force'])).code).toBe(0);
    expect((await planJson(['plan', out])).scenario).toBe('Acme');
  });

  it('on a terminal, asks for what the flags leave out (an empty answer takes the default)', async () => {
    const r = await cli(['init', '--region', 'us-west-2'], { tty: true, answers: ['500 GB/day', '', 'simple-scalable', '3'] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.asked.map((q) => q.replace(/ \[.*$/, ''))).toEqual(['Log volume ingested', 'Retention', expect.stringMatching(/^Deployment mode/), 'Availability zones']);
    expect(r.asked[1]).toBe('Retention [30 days]: ');
    const p = await planJson(['plan', '-'], r.stdout);
    expect([p.region, p.mode, p.workload.retentionDays]).toEqual(['us-west-2', 'simple-scalable', 30]);
    expect(p.workload.bytesPerDay).toBeCloseTo(500e9, 0);
  });

  it.each([
    [['--zones', 'x'], /^lokiplan: --zones: .*\(scenario field deployment\.zones\)\n$/],
    [['--volume', 'lots'], /^lokiplan: --volume: cannot parse "lots".*\(scenario field ingest\.volume\)\n$/],
    [['--mode', 'serverless'], /^lokiplan: --mode: .*\(scenario field deployment\.mode\)\n$/],
  ])('a value the loader refuses is one line naming its flag: %j', async (flags, line) => {
    const r = await cli(['init', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(line);
    expect(r.stdout).toBe('');
  });
});

describe('a scenario from standard input, and a name from the file', () => {
  const GP = readFileSync(join(ROOT, 'scenarios/ghost-protocol.yaml'), 'utf8');
  const nameless = GP.replace(/^name: .*\n/m, '');
  it('plan -, check -, compare - FILE and helm-values - read stdin, as the file would plan', async () => {
    const file = await planJson(['plan', join(ROOT, 'scenarios/ghost-protocol.yaml')]);
    const piped = await planJson(['plan', '-'], GP);
    expect(piped.totals).toEqual(file.totals);
    expect(piped.scenario).toBe(file.scenario);
    expect((await cli(['check', '-'], { stdin: GP })).stdout).toBe((await cli(['check', join(ROOT, 'scenarios/ghost-protocol.yaml')])).stdout);
    const c = await cli(['compare', '-', join(ROOT, 'scenarios/monolithic.yaml'), '-f', 'json'], { stdin: nameless });
    expect(JSON.parse(c.stdout).scenarios.map((s: { name: string; file: string }) => [s.name, s.file])[0]).toEqual(['stdin', '-']);
    const h = await cli(['helm-values', '-'], { stdin: GP });
    expect(h.stdout).toBe((await cli(['helm-values', join(ROOT, 'scenarios/ghost-protocol.yaml')])).stdout);
  });
  it('name: left out is the file name without its extension, "stdin" for standard input (and its baseline follows)', async () => {
    const f = join(dir, 'team-a.logs.yaml');
    writeFileSync(f, nameless);
    const p = await planJson(['plan', f]);
    expect(p.scenario).toBe('team-a.logs');
    expect(p.baseline.scenario).toBe('team-a.logs (baseline)');
    expect((await planJson(['plan', '-'], nameless)).baseline.scenario).toBe('stdin (baseline)');
  });
  it('plan - --out DIR names the report directory stdin/', async () => {
    const out = join(dir, 'reports');
    const r = await cli(['plan', '-', '--out', out], { stdin: nameless });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['stdin']);
  });
  it('terraform - reads stdin too; a command that takes no stdin says which do, in one line', async () => {
    const out = join(dir, 'tf');
    const t = await cli(['terraform', '-', '--out', out], { stdin: GP });
    expect(t.code, t.stderr).toBe(0);
    expect(readFileSync(join(out, 'main.tf'), 'utf8')).toContain('aws_s3_bucket');
    const r = await cli(['sweep', '-', '--vary', 'retention=7,30'], { stdin: GP });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lokiplan: -: standard input (-) is read by plan, check, compare, helm-values, terraform; give this command a file\n');
  });
  it('stdin over the size a scenario file may have is refused, never cut', async () => {
    const r = await cli(['plan', '-'], { stdin: `${GP}\n${'#'.repeat(1 << 20)}\n` });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lokiplan: -: standard input is larger than 1048576 bytes\n$/);
  });
  it('the bundle reads a real pipe: init | plan -', () => {
    const bundle = join(ROOT, 'dist/lokiplan.js');
    if (!existsSync(bundle)) return void console.warn('skipped: dist/lokiplan.js is not built (node scripts/build.mjs)');
    const init = spawnSync(process.execPath, [bundle, 'init', '--volume', '200 GB/day'], { encoding: 'utf8' });
    expect(init.status).toBe(0);
    const p = spawnSync(process.execPath, [bundle, 'plan', '-', '-f', 'json'], { input: init.stdout, encoding: 'utf8' });
    expect(p.status, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout).plans[0].workload.bytesPerDay).toBeCloseTo(200e9, 0);
  });
});
