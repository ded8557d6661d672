/**
 * Tables that fit the terminal (issue 15 item 1): at COLUMNS=80 no line of plan, check or a
 * three-way compare is longer than 80 characters, and the verdict and the total are on the first
 * screen; --wide keeps one line per row; colour only on a terminal, off with NO_COLOR or --no-color.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { ROOT } from './helpers.js';

async function cli(argv: string[], io: { env?: Record<string, string>; stdoutTTY?: boolean; columns?: number } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env: io.env ?? {}, stdoutTTY: io.stdoutTTY, columns: io.columns });
  return { code, stdout, stderr };
}
const SCENARIOS = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, 'scenarios', f));
const GP = join(ROOT, 'scenarios/ghost-protocol.yaml');
const THREE = ['ghost-protocol.yaml', 'ghost-protocol-as-designed.yaml', 'monolithic.yaml'].map((f) => join(ROOT, 'scenarios', f));
const longest = (s: string) => Math.max(...s.split('\n').map((l) => l.length));
const SCREEN = 24;

describe('at COLUMNS=80 every line fits', () => {
  for (const width of [80, 60]) {
    it.each(SCENARIOS.map((f) => [f.replace(/.*\//, ''), f]))(`plan and check %s at ${width}`, async (_, f) => {
      const p = await cli(['plan', f], { env: { COLUMNS: String(width) } });
      expect(p.code).toBe(0);
      expect(longest(p.stdout)).toBeLessThanOrEqual(width);
      const first = p.stdout.split('\n').slice(0, SCREEN).join('\n');
      expect(first).toMatch(/meets target: (yes|NO)/);
      expect(first).toMatch(/total \$[\d,]+\.\d\d a month/);
      const c = await cli(['check', f], { env: { COLUMNS: String(width) } });
      expect([0, 1]).toContain(c.code);
      expect(longest(c.stdout)).toBeLessThanOrEqual(width);
      expect(c.stdout.split('\n').slice(0, SCREEN).join('\n')).toMatch(/Verdict: (HOLDS|DOES NOT HOLD)/);
    });
  }
  it('a three-way compare', async () => {
    const r = await cli(['compare', ...THREE], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(longest(r.stdout)).toBeLessThanOrEqual(80);
    // the totals row, on the first screen, with each plan's own total (from plan --format json)
    const totals: string[] = [];
    for (const f of THREE) {
      const j = JSON.parse((await cli(['plan', f, '--format', 'json'])).stdout).plans[0];
      totals.push(`$${(j.totals.rounded.monthly as number).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
    }
    expect(r.stdout.split('\n').slice(0, SCREEN).join('\n')).toMatch(new RegExp(`total a month +${totals.map((t) => t.replace(/[$.]/g, (c) => `\\${c}`)).join(' +')}`));
    expect(r.stdout).toMatch(/Deltas against \[1\]\n.*\[2\]-\[1\] +\[3\]-\[1\]/);
  });
  it.each([
    ['ghost-protocol-microservices.yaml', 'growth', ['--months', '14']],
    ['ghost-protocol.yaml', 'growth', ['--months', '6']],
    ['ghost-protocol.yaml', 'sensitivity', ['--alternatives']],
    ['ghost-protocol-microservices.yaml', 'sensitivity', []],
  ] as [string, string, string[]][])('%s: %s fits, with every figure the wide table has', async (file, cmd, extra) => {
    const f = join(ROOT, 'scenarios', file);
    const wide = await cli([cmd, f, ...extra]);
    const narrow = await cli([cmd, f, ...extra], { env: { COLUMNS: '80' } });
    expect(narrow.code).toBe(0);
    expect(longest(wide.stdout)).toBeGreaterThan(80); // piped: one line per row, as before
    expect(longest(narrow.stdout)).toBeLessThanOrEqual(80);
    // nothing lost: every dollar figure and replica count of the wide table is in the narrow one
    const money = (s: string) => (s.match(/[+-]?\$[\d,]+\.\d\d/g) ?? []).map((m) => m.replace(/^[+-]/, '')).sort();
    expect(money(narrow.stdout)).toEqual(expect.arrayContaining(money(wide.stdout)));
    if (cmd === 'growth') {
      const j = JSON.parse((await cli([cmd, f, ...extra, '-f', 'json'])).stdout);
      const last = j.months.at(-1);
      const grid = narrow.stdout.slice(narrow.stdout.indexOf('Replicas by month'));
      for (const [t, n] of Object.entries(last.replicas as Record<string, number>)) expect(grid).toMatch(new RegExp(`^${t} .* ${n}$`, 'm'));
    }
  });
  it("the tty's own width when COLUMNS is not set", async () => {
    const r = await cli(['plan', GP], { stdoutTTY: true, columns: 72, env: { NO_COLOR: '1' } });
    expect(longest(r.stdout)).toBeLessThanOrEqual(72);
  });
  it('--wide and a pipe keep one line per row', async () => {
    const wide = await cli(['plan', GP, '--wide'], { env: { COLUMNS: '80' } });
    const piped = await cli(['plan', GP]);
    expect(longest(wide.stdout)).toBeGreaterThan(120);
    expect(piped.stdout).toBe(wide.stdout);
  });
  it('wrapping loses no word (warnings, nodes, header)', async () => {
    const section = (s: string, title: string) => s.split('\n\n').find((b) => b.startsWith(title))!.replace(/\s+/g, ' ');
    const narrow = (await cli(['plan', GP], { env: { COLUMNS: '80' } })).stdout;
    const wide = (await cli(['plan', GP])).stdout;
    for (const t of ['Warnings', 'Nodes', 'Ghost Protocol']) expect(section(narrow, t)).toBe(section(wide, t));
  });
});

describe('colour', () => {
  const ESC = /\x1b\[/;
  it('FAIL and NO are red on a terminal', async () => {
    const r = await cli(['plan', GP], { stdoutTTY: true, columns: 100 });
    expect(r.stdout).toMatch(/\x1b\[1;31mNO\x1b\[0m/);
    expect(r.stdout).toMatch(/\x1b\[1;31mFAILS\x1b\[0m/);
    expect(r.stdout).toMatch(/\x1b\[33mWarnings\x1b\[0m/);
    const c = await cli(['check', GP], { stdoutTTY: true, columns: 100 });
    expect(c.stdout).toMatch(/\x1b\[1;31mFAIL\x1b\[0m/);
  });
  it('no colour when piped, with NO_COLOR, or with --no-color', async () => {
    expect((await cli(['plan', GP])).stdout).not.toMatch(ESC);
    expect((await cli(['plan', GP], { stdoutTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ESC);
    expect((await cli(['plan', GP, '--no-color'], { stdoutTTY: true })).stdout).not.toMatch(ESC);
    expect((await cli(['check', GP, '--no-color'], { stdoutTTY: true })).stdout).not.toMatch(ESC);
    expect((await cli(['compare', ...THREE, '--no-color'], { stdoutTTY: true })).stdout).not.toMatch(ESC);
  });
  it('colour never reaches JSON, CSV or files', async () => {
    expect((await cli(['plan', GP, '-f', 'json'], { stdoutTTY: true })).stdout).not.toMatch(ESC);
    expect((await cli(['plan', GP, '-f', 'csv'], { stdoutTTY: true })).stdout).not.toMatch(ESC);
  });
});
