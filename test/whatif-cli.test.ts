import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE } from '../src/model/profiles.js';
import { cli, ROOT, type CliResult } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lokiplan-whatif-'));
const GP = 'scenarios/ghost-protocol.yaml';
const CATS = ['compute', 'blockStorage', 'objectStorage', 'requests', 'dataTransfer', 'other'];

function expectUserError(r: CliResult, msg: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(msg);
  expect(r.stderr).not.toMatch(/\n\s+at |node:internal|\.ts:\d+/);
}

const cents = (s: string) => Math.round(Number(s) * 100);

describe('lokiplan sweep', () => {
  it('writes one CSV row per grid point whose categories add up to the total', async () => {
    const r = (await cli(['sweep', GP, '--vary', 'retention=7,14,30,90', '--vary', 'spot.read=0..100%:25%']));
    expect(r.code).toBe(0);
    const [head, ...rows] = r.stdout.trim().split('\n');
    expect(head!.split(',').slice(0, 3)).toEqual(['retention', 'spot.read', 'total']);
    expect(rows).toHaveLength(4 * 5);
    for (const row of rows) {
      const c = row.split(',');
      const sum = CATS.reduce((a, _k, i) => a + cents(c[3 + i]!), 0);
      expect(sum).toBe(cents(c[2]!));
    }
    // more spot is cheaper at the same retention; longer retention costs more at the same spot share
    const total = (i: number) => cents(rows[i]!.split(',')[2]!);
    expect(total(4)).toBeLessThan(total(0));
    expect(total(15)).toBeGreaterThan(total(0));
  });
  it('is reproducible and writes the CSV file and an SVG chart', async () => {
    const d = tmp();
    const args = ['sweep', GP, '--vary', 'retention=7..35:7', '--vary', 'compressionRatio=4,8', '--baseline'];
    const a = (await cli([...args, '--out', join(d, 'a.csv'), '--chart', join(d, 'a.svg')]));
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/10 points/);
    expect(a.stdout).toMatch(/cheapest: \$[\d,.]+ a month at retention=7 days, compressionRatio=8/);
    (await cli([...args, '--out', join(d, 'b.csv')]));
    const csv = readFileSync(join(d, 'a.csv'), 'utf8');
    expect(csv).toBe(readFileSync(join(d, 'b.csv'), 'utf8'));
    expect(csv.split('\n')[0]).toMatch(/baselineTotal,delta,baselineMeetsTarget$/);
    expect(readFileSync(join(d, 'a.svg'), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*compressionRatio=4[\s\S]*<\/svg>\n$/);
  });
  it.each([
    [['--vary', 'storage.compresionRatio=3,4'], /storage\.compresionRatio: unknown field/],
    [['--vary', 'bogus=1,2'], /unknown field "bogus"/],
    [['--vary', 'retention='], /empty value list/],
    [['--vary', 'retention=90..7:7'], /inverted/],
    [['--vary', 'retention=1..400:1', '--vary', 'compressionRatio=1..10:0.01'], /grid has 360,400 points .* more than --max-points 100000/],
    [['--vary', 'retention=1..20:1', '--max-points', '10'], /more than --max-points 10/],
    [['--vary', 'spot.read=150%'], /compute\.spot\.read: must be between 0% and 100%/],
    [[], /at least one --vary/],
  ])('bad input %j: one line, exit 2', async (args, msg) => {
    expectUserError((await cli(['sweep', GP, ...args])), msg);
  });
  it('a user can raise --max-points', async () => {
    const r = (await cli(['sweep', GP, '--vary', 'retention=1..20:1', '--max-points', '20']));
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(21);
  });
});

describe('lokiplan compare', () => {
  const files = [GP, 'scenarios/ghost-protocol-as-designed.yaml', 'scenarios/monolithic.yaml'];
  it('json: categories add up to totals and deltas are differences', async () => {
    const r = (await cli(['compare', ...files, '-f', 'json']));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.scenarios).toHaveLength(3);
    for (const s of j.scenarios) expect(CATS.reduce((a, c) => a + cents(String(s.values[`cost.${c}`])), 0)).toBe(cents(String(s.values['cost.total'])));
    expect(cents(String(j.deltas[0].values['cost.total']))).toBe(cents(String(j.scenarios[1].values['cost.total'])) - cents(String(j.scenarios[0].values['cost.total'])));
    expect(j.scenarios[0].values['replicas.write']).toBeGreaterThan(j.scenarios[1].values['replicas.write']);
  });
  it.each(['table', 'csv', 'md'])('%s format names every scenario', async (f) => {
    const r = (await cli(['compare', ...files, '-f', f]));
    expect(r.code).toBe(0);
    for (const n of ['Ghost Protocol: Loki SSD on EKS', 'Monolithic today']) expect(r.stdout).toContain(n);
  });
  it('needs two or more files', async () => expectUserError((await cli(['compare', GP])), /two or more scenario files/));
  it('csv neutralises a scenario name that starts like a formula', async () => {
    const d = tmp();
    const f = join(d, 'evil.yaml');
    writeFileSync(f, `extends: ${resolve(ROOT, GP)}\nname: "=HYPERLINK(\\"x\\")"\n`);
    const r = (await cli(['compare', GP, f, '-f', 'csv']));
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(r.stdout).toMatch(/^cost\.total,total a month,[\d.]+,[\d.]+,0\.00$/m);
  });
});

describe('lokiplan sensitivity', () => {
  it('rows are sorted by swing, largest first, and a user range replaces the default', async () => {
    const r = (await cli(['sensitivity', GP, '-f', 'json', '--range', 'storage.compressionRatio=2..20']));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const swings = j.inputs.map((i: { swing: number }) => i.swing);
    expect(swings).toEqual([...swings].sort((a: number, b: number) => b - a));
    const names = j.inputs.map((i: { input: string }) => i.input);
    for (const n of ['storage.compressionRatio', 'storage.storedCopies', 'ingest.avgLineSize', 'ingest.peakFactor', 'spotPrice', 'query.scannedPerDay']) expect(names).toContain(n);
    const cr = j.inputs.find((i: { input: string }) => i.input === 'storage.compressionRatio');
    expect([cr.low, cr.high, cr.source]).toEqual(['2', '20', 'user']);
    expect(cr.costAtLow).toBeGreaterThan(cr.costAtHigh);
    expect(j.inputs.find((i: { input: string }) => i.input === 'spotPrice').swing).toBeGreaterThan(0);
  });
  it('price overrides are inputs, and the tornado chart is written', async () => {
    const d = tmp();
    const r = (await cli(['sensitivity', 'scenarios/seed-arithmetic.yaml', '-f', 'csv', '--chart', join(d, 't.svg')]));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^prices\.overrides\.compute\.vcpu-hour,/m);
    expect(readFileSync(join(d, 't.svg'), 'utf8')).toMatch(/<svg[\s\S]*base \$931\.00[\s\S]*<\/svg>/);
  });
  it.each([
    ['storage.compressionRatio=10..5', /inverted/],
    ['nope=1..2', /unknown field "nope"/],
    ['storage.compressionRatio=', /expected low\.\.high/],
  ])('bad range %j', async (range, msg) => expectUserError((await cli(['sensitivity', GP, '--range', range])), msg));
});

describe('lokiplan growth', () => {
  it('sizing steps up as ingest grows and the baseline limit is the monolithic capacity', async () => {
    const r = (await cli(['growth', GP, '--growth', '10%', '--months', '12', '-f', 'json']));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.months).toHaveLength(13);
    const writes = j.months.map((m: { replicas: { write: number } }) => m.replicas.write);
    expect(writes).toEqual([...writes].sort((a: number, b: number) => a - b));
    expect(writes[12]).toBeGreaterThan(writes[0]);
    expect(j.months.some((m: { events: string[] }) => m.events.some((e) => /write \d+ -> \d+ replicas/.test(e)))).toBe(true);
    const cap = DEFAULT_PROFILE.monolithic.capacityBytesPerDay;
    expect(Math.abs(j.volume.otherFailsAboveBytesPerDay / cap - 1)).toBeLessThan(0.01);
  });
  it('finds the break-even volume between two scenarios', async () => {
    const d = tmp();
    const a = join(d, 'a.yaml');
    const b = join(d, 'b.yaml');
    writeFileSync(a, `extends: ${resolve(ROOT, GP)}\nname: A\nplatform: { eksClusterShare: 100% }\nstorage: { compressionRatio: 10 }\nbaseline: null\n`);
    writeFileSync(b, `extends: ${resolve(ROOT, GP)}\nname: B\nstorage: { compressionRatio: 2 }\nbaseline: null\n`);
    const r = (await cli(['growth', a, '--against', b, '-f', 'json']));
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout).volume;
    expect(v.cheaperAtStart).toBe('other');
    expect(v.breakEven).toHaveLength(1);
    expect(v.breakEven[0].cheaperAbove).toBe('scenario');
    // just above the break-even, the scenario is no dearer than the other
    expect(v.breakEven[0].scenario).toBeLessThanOrEqual(v.breakEven[0].other);
    expect(v.breakEven[0].bytesPerDay).toBeGreaterThan(v.searchedBytesPerDay[0]);
  });
  it('reports when an overridden design does not meet its target', async () => {
    const r = (await cli(['growth', 'scenarios/ghost-protocol-as-designed.yaml', '--months', '3']));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/does not meet its target/);
  });
  it.each([
    [['--months', '0'], /--months must be between 1/],
    [['--growth', 'fast'], /--growth must be a percentage/],
  ])('bad option %j', async (args, msg) => expectUserError((await cli(['growth', GP, ...args])), msg));
});

describe('lokiplan uncertainty', () => {
  it('the same seed gives the same percentiles; another seed differs; P10 <= P50 <= P90', async () => {
    const a = (await cli(['uncertainty', GP, '-f', 'json', '--seed', '7', '--samples', '2000']));
    const b = (await cli(['uncertainty', GP, '-f', 'json', '--seed', '7', '--samples', '2000']));
    const c = (await cli(['uncertainty', GP, '-f', 'json', '--seed', '8', '--samples', '2000']));
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const j = JSON.parse(a.stdout);
    expect(JSON.parse(c.stdout).monthly).not.toEqual(j.monthly);
    expect(j.monthly.p10).toBeLessThanOrEqual(j.monthly.p50);
    expect(j.monthly.p50).toBeLessThanOrEqual(j.monthly.p90);
    expect(j.monthly.min).toBeLessThan(j.monthly.max);
    expect(j.inputs.map((i: { name: string }) => i.name)).toContain('storage.compressionRatio');
  });
  it('samples stay between the costs at the ends of a monotone input', async () => {
    const lo = (await cli(['sweep', GP, '--vary', 'compressionRatio=10'])).stdout.split('\n')[1]!.split(',')[1]!;
    const hi = (await cli(['sweep', GP, '--vary', 'compressionRatio=5'])).stdout.split('\n')[1]!.split(',')[1]!;
    const d = tmp();
    const f = join(d, 's.yaml');
    writeFileSync(f, `extends: ${resolve(ROOT, GP)}\nuncertainty: null\n`);
    const j = JSON.parse((await cli(['uncertainty', f, '-f', 'json', '--input', 'compressionRatio=5..10', '--samples', '500'])).stdout);
    expect(j.monthly.min).toBeGreaterThanOrEqual(Number(lo));
    expect(j.monthly.max).toBeLessThanOrEqual(Number(hi));
  });
  it.each([
    [['--seed', '-1'], /--seed must be between 0 and 4294967295/],
    [['--input', 'compressionRatio=10..5'], /inverted/],
    [['--input', 'deployment.mode=1..2'], /cannot be sampled/],
    [['--input', 'ingest.volume=1 TB/day..2 TB/day'], /set the same normalised field/],
    [['--samples', '0'], /--samples must be between 1/],
  ])('bad input %j: one line, exit 2', async (args, msg) => expectUserError((await cli(['uncertainty', GP, ...args])), msg));
});
