/**
 * The renderer registry is the one list of plan formats: the CLI's choices, the files `--out`
 * writes and each format on stdout all come from it (in-process through run(argv, io)).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { FORMATS, OPTIONAL_OUT_FILES, OUT_FILES, RENDERER } from '../src/report/registry.js';
import { ROOT } from './helpers.js';

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env: { NO_COLOR: '1' } });
  return { code, stdout, stderr };
}
const GP = join(ROOT, 'scenarios/ghost-protocol.yaml');
const MONO = join(ROOT, 'scenarios/monolithic.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'lokiplan-registry-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('renderer registry', () => {
  it('the CLI offers exactly the registry formats', async () => {
    const r = await cli(['plan', '--help']);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(`choices: ${FORMATS.map((f) => `"${f}"`).join(', ')}`);
    const bad = await cli(['plan', GP, '--format', 'xlsx']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are table, json, csv, html, md/);
  });

  it.each(FORMATS)('%s renders on stdout', async (f) => {
    const r = await cli(['plan', GP, '--format', f, '--period', '2026-07']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(100);
    expect(r.stdout.endsWith('\n')).toBe(true);
  });

  it('a one-page format refuses several plans on stdout, naming the format', async () => {
    const one = FORMATS.filter((f) => RENDERER[f].onePlanOnStdout);
    expect(one).toEqual(['html']);
    const r = await cli(['plan', GP, MONO, '--format', 'html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format html makes one page per scenario/);
  });

  it('--out writes every registry file for each plan, and nothing else', async () => {
    const out = join(tmp, 'out');
    const r = await cli(['plan', GP, MONO, '--out', out, '--period', '2026-07']);
    expect(r.code).toBe(0);
    const dirs = readdirSync(out);
    expect(dirs).toHaveLength(2);
    for (const d of dirs) {
      const names = readdirSync(join(out, d));
      for (const n of OUT_FILES) expect(names).toContain(n);
      for (const n of names) expect([...OUT_FILES, ...OPTIONAL_OUT_FILES]).toContain(n);
    }
    expect(r.stdout.split('\n').filter((l) => l.startsWith('wrote ')).length).toBe(readdirSync(join(out, dirs[0]!)).length + readdirSync(join(out, dirs[1]!)).length);
  });

  it('JSON has one shape for one plan and for several: { format: lokiplan-plan/1, plans }', async () => {
    const one = JSON.parse((await cli(['plan', GP, '-f', 'json'])).stdout);
    const two = JSON.parse((await cli(['plan', GP, MONO, '-f', 'json'])).stdout);
    expect(Object.keys(one)).toEqual(['format', 'plans']);
    expect(one.format).toBe('lokiplan-plan/1');
    expect(two.format).toBe('lokiplan-plan/1');
    expect(one.plans).toHaveLength(1);
    expect(two.plans).toHaveLength(2);
    expect(two.plans[0]).toEqual(one.plans[0]);
  });
});
