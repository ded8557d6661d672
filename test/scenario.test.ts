import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputErrors, ScenarioError } from '../src/errors.js';
import { loadScenario, MAX_ERRORS } from '../src/scenario/load.js';
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
    ['unknown target', { ...BASE, targets: { ingester: { replicas: 3 } } }, /targets\.ingester: unknown target for simple-scalable/],
  ];
  it.each(cases)('%s', (_, doc, msg) => {
    expect(() => scenarioOf(doc)).toThrow(ScenarioError);
    expect(() => scenarioOf(doc)).toThrow(msg);
  });
});

describe('errors that teach: every error at once, unknown fields first, did you mean', () => {
  const lines = (doc: Record<string, unknown>): string[] => {
    try {
      scenarioOf(doc);
    } catch (e) {
      return e instanceof InputErrors ? e.errors.map((x) => x.message) : [(e as Error).message];
    }
    return [];
  };
  it('retension: one line, did you mean retention (not "retention is required")', () => {
    const { retention: _r, ...rest } = BASE;
    const got = lines({ ...rest, retension: '14 days' });
    expect(got).toEqual([expect.stringMatching(/inline\.yaml: retension: unknown field \(did you mean retention\?\)$/)]);
  });
  it.each([
    [{ ...BASE, ingest: { volume: '1 TB/day', peakfactor: 2 } }, 'ingest.peakfactor', 'peakFactor'],
    [{ ...BASE, storage: { compresionRatio: 5 } }, 'storage.compresionRatio', 'compressionRatio'],
    [{ ...BASE, storage: { lifecycle: [{ afer: '30 days', class: 'GLACIER' }] } }, 'storage\\.lifecycle\\[0\\]\\.afer', 'after'],
    [{ ...BASE, deployment: { zone: 3 } }, 'deployment.zone', 'zones'],
    [{ ...BASE, targets: { write: { replica: 3 } } }, 'targets.write.replica', 'replicas'],
    [{ ...BASE, limits: { ingestion_rate: 8 } }, 'limits.ingestion_rate', 'ingestion_rate_mb'],
    [{ ...BASE, Region: 'us-east-1' }, 'Region', 'region'],
  ])('%#: %s -> did you mean %s', (doc, at, guess) => {
    expect(lines(doc as Record<string, unknown>).join('\n')).toMatch(new RegExp(`${at}: unknown field \\(did you mean ${guess}\\?\\)`));
  });
  it('a name nothing resembles lists the fields that are allowed there', () => {
    expect(lines({ ...BASE, colour: 'blue' })[0]).toMatch(/colour: unknown field \(fields here: name, region, .*ingest, retention/);
  });
  it('every error of the file, unknown fields first, each naming its field', () => {
    const got = lines({ ...BASE, deployment: { replicationFactor: 'three' }, colour: 'blue', storage: { compresionRatio: 5 } });
    expect(got).toHaveLength(3);
    expect(got[0]).toMatch(/unknown field/);
    expect(got[1]).toMatch(/unknown field/);
    expect(got[2]).toMatch(/deployment\.replicationFactor: expected number, received string, got "three"/);
  });
  it(`at most ${MAX_ERRORS} are listed, then how many more`, () => {
    const doc: Record<string, unknown> = { ...BASE };
    for (let i = 0; i < 25; i++) doc[`extra${i}`] = i;
    try {
      scenarioOf(doc);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputErrors);
      expect((e as InputErrors).errors).toHaveLength(MAX_ERRORS);
      expect((e as InputErrors).more).toBe(25 - MAX_ERRORS);
    }
  });
});
