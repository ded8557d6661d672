/**
 * One golden per deployment mode: the plan's money (every line's quantity, unit price and monthly
 * cost, and the totals) and sizing (replicas, requests, limits, volumes, spot; node groups) for a
 * fixed workload that suits the mode. Update path: see test/golden.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODES } from '../src/model/modes/index.js';
import type { DeploymentMode, Plan } from '../src/model/types.js';
import { BASE, planOf, ROOT, scenarioOf } from './helpers.js';
import { golden, lineDiff } from './golden.js';

const DIR = join(ROOT, 'test/fixtures/golden/modes');
/** a workload inside each mode's documented range */
const VOLUME: Record<DeploymentMode, string> = {
  monolithic: '20 GB/day',
  'ha-monolithic': '200 GB/day',
  'simple-scalable': '1 TB/day',
  microservices: '5 TB/day',
};
const fixed = (n: number) => n.toFixed(6);

/** What the golden pins, as stable JSON: { money, sizing }. */
function projection(p: Plan): string {
  const money = {
    lines: p.lines.map((l) => ({ id: l.id, quantity: fixed(l.quantity), unitPriceUsd: l.unitPriceUsd, monthlyCost: fixed(l.monthlyCost) })),
    omitted: p.omitted.map((l) => ({ id: l.id, monthlyCost: fixed(l.monthlyCost) })),
    totals: { monthly: fixed(p.totals.monthly), byCategory: Object.fromEntries(Object.entries(p.totals.byCategory).map(([k, v]) => [k, fixed(v)])) },
  };
  const sizing = {
    mode: p.mode,
    targets: p.topology.targets.map((t) => ({ name: t.name, replicas: t.replicas, requests: t.requests, limits: t.limits, volumeGiB: t.volumeGiB, spotReplicas: t.spotReplicas, meetsTarget: t.meetsTarget })),
    nodes: p.nodes.map((g) => ({ instanceType: g.instanceType, capacityType: g.capacityType, ...(g.dedicatedTo ? { dedicatedTo: g.dedicatedTo } : {}), count: g.count })),
  };
  return `${JSON.stringify({ money, sizing }, null, 1)}\n`;
}
const moneyOf = (text: string) => JSON.stringify((JSON.parse(text) as { money: unknown }).money);

describe('golden plan per mode (money and sizing)', () => {
  const modes = Object.keys(MODES) as DeploymentMode[];
  it('every mode in the registry has a workload here', () => expect(modes.sort()).toEqual(Object.keys(VOLUME).sort()));
  it.each(modes)('%s', (mode) => {
    const p = planOf(scenarioOf({ ...BASE, ingest: { volume: VOLUME[mode] }, deployment: { mode } }));
    const text = projection(p);
    expect(JSON.parse(text).money.lines.length).toBeGreaterThanOrEqual(3);
    const problem = golden(mode, join(DIR, `${mode}.json`), text, moneyOf);
    expect(problem, problem ?? '').toBeNull();
  });
});

describe('the update path cannot pass blindly', () => {
  const tmpFile = () => join(ROOT, 'test/fixtures/golden/modes', `.probe-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  it('a missing golden is a failure, not a new file, unless named', async () => {
    const { existsSync, rmSync } = await import('node:fs');
    const f = tmpFile();
    expect(golden('x', f, '{"money":1}\n', moneyOf, {})).toMatch(/missing/);
    expect(existsSync(f)).toBe(false);
    expect(golden('x', f, '{"money":1}\n', moneyOf, { UPDATE_GOLDEN: 'x' })).toMatch(/money changed, not written/);
    expect(golden('x', f, '{"money":1}\n', moneyOf, { UPDATE_GOLDEN: 'x', UPDATE_GOLDEN_MONEY: 'x' })).toBeNull();
    expect(existsSync(f)).toBe(true);
    rmSync(f);
  });
  it('a sizing-only change is written when named; a money change needs its name in UPDATE_GOLDEN_MONEY', async () => {
    const { readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const f = tmpFile();
    writeFileSync(f, '{"money":1,"sizing":1}\n');
    expect(golden('x', f, '{"money":1,"sizing":2}\n', moneyOf, {})).toMatch(/differs[\s\S]*^-\{"money":1,"sizing":1\}$[\s\S]*^\+\{"money":1,"sizing":2\}$/m);
    expect(golden('x', f, '{"money":1,"sizing":2}\n', moneyOf, { UPDATE_GOLDEN: 'x' })).toBeNull();
    expect(readFileSync(f, 'utf8')).toBe('{"money":1,"sizing":2}\n');
    expect(golden('x', f, '{"money":2,"sizing":2}\n', moneyOf, { UPDATE_GOLDEN: 'all', UPDATE_GOLDEN_MONEY: 'y' })).toMatch(/money changed, not written/);
    expect(readFileSync(f, 'utf8')).toBe('{"money":1,"sizing":2}\n');
    rmSync(f);
  });
  it('nothing is written where CI is set, even when named twice', async () => {
    const { readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const f = tmpFile();
    writeFileSync(f, '{"money":1}\n');
    for (const CI of ['true', '1']) {
      expect(golden('x', f, '{"money":2}\n', moneyOf, { CI, UPDATE_GOLDEN: 'x', UPDATE_GOLDEN_MONEY: 'x' })).toMatch(/not written: goldens are never updated where CI is set[\s\S]*^-\{"money":1\}$/m);
      expect(readFileSync(f, 'utf8')).toBe('{"money":1}\n');
    }
    expect(golden('x', f, '{"money":2}\n', moneyOf, { CI: 'false', UPDATE_GOLDEN: 'x', UPDATE_GOLDEN_MONEY: 'x' })).toBeNull();
    rmSync(f);
  });
  it('the diff shows a removed duplicate and a reorder (a set difference shows neither)', () => {
    expect(lineDiff('a\nb\nb\nc\n', 'a\nb\nc\n')).toMatch(/^-b$/m);
    const reorder = lineDiff('a\nb\nc\n', 'b\na\nc\n');
    expect(reorder).toMatch(/^-a$/m);
    expect(reorder).toMatch(/^\+a$/m);
    expect(lineDiff('x\n', 'x\n')).toBe('');
  });
});
