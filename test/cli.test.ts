import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, type CliResult } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lokiplan-cli-'));
const GOOD = 'name: ok\nregion: us-east-1\ningest: { volume: 1 TB/day }\nretention: 30 days\n';

/** A us-east-1 price book holding only the gp3 storage price. */
function oneGp3PriceBook(usd: string): { d: string; book: string } {
  const d = tmp();
  const book = join(d, 'prices.json');
  const prices = { 'ebs.gp3.storage': { unit: 'GB-month', usd, source: 'test' } };
  writeFileSync(book, JSON.stringify({ format: 'lokiplan-prices/1', currency: 'USD', regions: { 'us-east-1': { asOf: '2026-01-01', prices } } }));
  return { d, book };
}

function scenario(body: string): string {
  const d = tmp();
  const f = join(d, 'scenario.yaml');
  writeFileSync(f, body);
  return f;
}

/** One clear line on stderr, exit 2, no stack trace. */
function expectUserError(r: CliResult, msg: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(msg);
  expect(r.stderr).not.toMatch(/\n\s+at |node:internal|\.ts:\d+/);
  expect(r.stdout).toBe('');
}

describe('lokiplan plan', () => {
  it('plans a shipped scenario as a table', async () => {
    const r = (await cli(['plan', 'scenarios/ghost-protocol.yaml']));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Monthly cost \(USD\)/);
    expect(r.stdout).toMatch(/baseline \(monolithic\)/);
    expect(r.stderr).toBe('');
  });
  it('json has the documented fields', async () => {
    const r = (await cli(['plan', 'scenarios/ghost-protocol.yaml', '--format', 'json']));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.format).toBe('lokiplan-plan/1');
    expect(doc.plans).toHaveLength(1);
    const j = doc.plans[0];
    for (const k of ['scenario', 'currency', 'prices', 'sizing', 'lines', 'totals', 'baseline', 'delta', 'capacity', 'warnings']) {
      expect(j).toHaveProperty(k);
    }
    expect(j.prices).toMatchObject({ source: 'snapshot', region: 'us-east-1' });
    // the calculator's 4, 6 for the peak, +1 that may fail, 9 to lose one of 3 zones; 6 GB (10^9) pods
    expect(j.sizing.targets[0]).toMatchObject({ name: 'write', replicas: 9, cpuRequest: 1 });
    expect(j.sizing.targets[0].memoryRequestGiB).toBeCloseTo(6e9 / 2 ** 30, 6);
    expect(typeof j.sizing.targets[0].reason).toBe('string');
    expect(j.lines[0]).toHaveProperty('priceSource');
    expect(Object.keys(j.totals.byCategory)).toEqual(['compute', 'blockStorage', 'objectStorage', 'requests', 'dataTransfer', 'other']);
    expect(j.baseline).toHaveProperty('meetsTarget', false);
    expect(j.delta.monthly).toBeCloseTo(j.totals.monthly - j.baseline.totals.monthly, 4);
  });
  it('planning is deterministic: byte-identical JSON', async () => {
    const a = (await cli(['plan', 'scenarios/ghost-protocol.yaml', '-f', 'json'])).stdout;
    const b = (await cli(['plan', 'scenarios/ghost-protocol.yaml', '-f', 'json'])).stdout;
    expect(a).toBe(b);
  });
  it('--out writes every format per scenario', async () => {
    const d = tmp();
    const r = (await cli(['plan', 'scenarios/seed-arithmetic.yaml', '--out', d]));
    expect(r.code).toBe(0);
    const dir = join(d, 'seed-arithmetic');
    expect(readdirSync(dir).sort()).toEqual(['cost-by-category.png', 'costs-baseline.csv', 'costs-omitted.csv', 'costs-summary.csv', 'costs.csv', 'costs.xlsx', 'plan.json', 'plan.txt', 'report.html', 's3-storage.png', 'sizing.csv', 'summary.md']);
  });
  it('--check exits 1 when the design does not meet its target', async () => {
    expect((await cli(['plan', 'scenarios/ghost-protocol-as-designed.yaml', '--check'])).code).toBe(1);
  });
});

describe('bad input: one line, exit 2, no partial report', () => {
  const cases: [string, string, RegExp][] = [
    ['invalid YAML', 'name: [unclosed\n', /invalid YAML at line \d+/],
    ['unknown key', GOOD + 'colour: blue\n', /colour: unknown field/],
    ['negative volume', GOOD.replace('1 TB/day', '-5 TB/day'), /ingest\.volume: must be greater than 0/],
    ['zero volume', GOOD.replace('1 TB/day', '0 GB/day'), /ingest\.volume: must be greater than 0/],
    ['unparseable unit', GOOD.replace('1 TB/day', '1 TB/dey'), /ingest\.volume: cannot parse "1 TB\/dey"/],
    ['unknown region', GOOD.replace('us-east-1', 'mars-north-1'), /region: unknown region "mars-north-1"/],
    ['unknown instance type', GOOD + 'compute: { instanceTypes: [x9.huge] }\n', /compute\.instanceTypes\[0\]: unknown instance type "x9.huge"/],
    ['not a mapping', '- a\n- b\n', /expected a mapping of scenario fields/],
  ];
  it.each(cases)('%s', async (_, body, msg) => {
    const f = scenario(body);
    const out = tmp();
    const r = (await cli(['plan', f, '--out', out]));
    expectUserError(r, msg);
    expect(r.stderr).toContain(f);
    expect(readdirSync(out)).toEqual([]);
  });
  it('missing file', async () => {
    expectUserError((await cli(['plan', '/nonexistent/x.yaml'])), /x\.yaml: file not found/);
  });
  it('a price missing from the price book', async () => {
    const { d, book } = oneGp3PriceBook('0.08');
    const out = join(d, 'out');
    const r = (await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', book, '--out', out]));
    expectUserError(r, /price 'ec2\.ondemand\.m7i\.xlarge' not found for us-east-1 in file:/);
    expect(existsSync(out)).toBe(false);
  });
  it('a malformed price book names the key', async () => {
    const { book } = oneGp3PriceBook('-1');
    expectUserError((await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', book])), /regions\.us-east-1\.prices\.ebs\.gp3\.storage\.usd/);
  });
  it('an unknown option', async () => {
    const r = (await cli(['plan', 'scenarios/ghost-protocol.yaml', '--colour']));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--colour'/);
  });
});

describe('errors on stderr: one line per error, each naming file and field', () => {
  it('a file with three mistakes gets three lines, unknown fields first', async () => {
    const { run } = await import('../src/cli.js');
    const f = join(mkdtempSync(join(tmpdir(), 'lokiplan-errs-')), 'typos.yaml');
    writeFileSync(f, 'name: t\nregion: us-east-1\ningest: { volume: 1 TB/day }\nretension: 14 days\ndeployment: { replicationFactor: three }\ncolour: blue\n');
    let err = '';
    let out = '';
    const code = await run(['plan', f], { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env: {} });
    expect(code).toBe(2);
    expect(out).toBe('');
    const lines = err.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l.startsWith(`lokiplan: ${f}: `)).toBe(true);
    expect(lines[0]).toMatch(/retension: unknown field \(did you mean retention\?\)$/);
    expect(lines[1]).toMatch(/colour: unknown field/);
    expect(lines[2]).toMatch(/deployment\.replicationFactor: expected number/);
  });
});
