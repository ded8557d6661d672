import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../src/errors.js';
import { loadScenario } from '../src/scenario/load.js';
import { BASE, planOf, read, ROOT, scenarioOf } from './helpers.js';

const fx = (n: string) => resolve(ROOT, 'test/fixtures', n);

describe('extends', () => {
  it('a child overrides fields of its base', () => {
    const s = loadScenario(fx('child.yaml'), read);
    expect(s.retentionDays).toBe(14);
    expect(s.ingest.bytesPerSecond).toBeCloseTo(1e12 / 86400, 6);
    expect(s.name).toBe('fixture child');
  });
  it('extends with no overrides plans exactly like the base', () => {
    const a = planOf(loadScenario(fx('base.yaml'), read));
    const b = planOf(loadScenario(fx('same.yaml'), read));
    expect(JSON.stringify(b.lines)).toBe(JSON.stringify(a.lines));
  });
  it('a cycle is an error naming the chain', () => {
    expect(() => loadScenario(fx('cycle-a.yaml'), read)).toThrow(/cycle: .*cycle-a.yaml -> .*cycle-b.yaml -> .*cycle-a.yaml/);
  });
});

describe('workload forms', () => {
  it('1 TB/day and lines/s x line size give the same plan', () => {
    const a = planOf(scenarioOf({ ...BASE, ingest: { volume: '1 TB/day' } }));
    const b = planOf(scenarioOf({ ...BASE, ingest: { rate: '11574.074074074074 lines/s', avgLineSize: '1000 B' } }));
    expect(b.totals.monthly).toBeCloseTo(a.totals.monthly, 6);
  });
});

describe('bad scenarios name the field and the value', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['unknown key', { ...BASE, storage: { compresionRatio: 5 } }, /storage\.compresionRatio: unknown field/],
    ['negative volume', { ...BASE, ingest: { volume: '-1 TB/day' } }, /ingest\.volume: must be greater than 0, got "-1 TB\/day"/],
    ['zero volume', { ...BASE, ingest: { volume: '0 TB/day' } }, /ingest\.volume: must be greater than 0/],
    ['bad unit', { ...BASE, ingest: { volume: '1 TB/fortnight' } }, /ingest\.volume: cannot parse "1 TB\/fortnight"/],
    ['wrong dimension', { ...BASE, retention: '30 GB' }, /retention: "30 GB" is not a duration/],
    ['unknown instance type', { ...BASE, compute: { instanceTypes: ['m9z.huge'] } }, /compute\.instanceTypes\[0\]: unknown instance type "m9z.huge"/],
    ['missing field', { name: 'x', region: 'us-east-1', ingest: { volume: '1 TB/day' } }, /retention: is required/],
    ['wrong type', { ...BASE, hoursPerMonth: 'lots' }, /hoursPerMonth: .*got "lots"/],
    ['unknown class', { ...BASE, storage: { lifecycle: [{ after: '0 days', class: 'COLD' }] } }, /storage\.lifecycle\[0\]\.class: unknown storage class "COLD"/],
    ['spot over 100%', { ...BASE, compute: { spot: { read: '150%' } } }, /compute\.spot\.read: must be between 0% and 100%/],
    ['unknown target', { ...BASE, targets: { nonsense: { replicas: 3 } } }, /targets\.nonsense: unknown target for simple-scalable/],
  ];
  it.each(cases)('%s', (_, doc, msg) => {
    expect(() => scenarioOf(doc)).toThrow(ScenarioError);
    expect(() => scenarioOf(doc)).toThrow(msg);
  });
});
