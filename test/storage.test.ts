import { describe, expect, it } from 'vitest';
import { fullChunk } from '../src/model/flush.js';
import { BASE, planOf, scenarioOf } from './helpers.js';

const GiB = 2 ** 30;
const lifecycle = (...rules: [number, string][]) =>
  rules.map(([after, c]) => (c === 'delete' ? { after: `${after} days`, action: 'delete' } : { after: `${after} days`, class: c }));
const storageOf = (retention: number, rules: [number, string][], extra: Record<string, unknown> = {}) => {
  const p = planOf(
    scenarioOf({
      ...BASE,
      retention: `${retention} days`,
      storage: { compressionRatio: 5, storedCopies: 1.5, lifecycle: lifecycle(...rules), ...extra },
    }),
  );
  return { st: p.storage, warnings: p.warnings.map((w) => w.code), p };
};
const daily = (1e12 / 5) * 1.5; // stored bytes per day
// a chunk closes full at chunk_target_size less an uncompressed head block's saving (grafana/loki v3.7.6 memchunk.go SpaceFor)
const closed = (target: number) => fullChunk(target, 262144, 5).compressed;

describe('S3 steady state by class', () => {
  it('Standard only: retention days of stored bytes', () => {
    const { st } = storageOf(30, [[0, 'STANDARD']]);
    expect(st.gbMonthsByClass['STANDARD']).toBeCloseTo((daily * 30) / GiB, 6);
    expect(st.lifeDays).toBe(30);
  });
  it('Intelligent-Tiering at 30 days under 30-day retention never applies', () => {
    const { st, warnings } = storageOf(30, [[0, 'STANDARD'], [30, 'INTELLIGENT_TIERING'], [90, 'delete']]);
    expect(Object.keys(st.gbMonthsByClass)).toEqual(['STANDARD']);
    expect(st.transitionsPerMonth).toEqual({});
    expect(warnings).toContain('lifecycle-never-applies');
  });
  it('Intelligent-Tiering under 120-day retention: 30 FA, 60 IA, then deleted by the lifecycle at 90', () => {
    const { st, warnings } = storageOf(120, [[0, 'STANDARD'], [30, 'INTELLIGENT_TIERING'], [90, 'delete']]);
    expect(st.lifeDays).toBe(90);
    expect(st.gbMonthsByClass['STANDARD']).toBeCloseTo((daily * 30) / GiB, 6);
    expect(st.gbMonthsByClass['INTELLIGENT_TIERING_FA']).toBeCloseTo((daily * 30) / GiB, 6);
    expect(st.gbMonthsByClass['INTELLIGENT_TIERING_IA']).toBeCloseTo((daily * 30) / GiB, 6);
    expect(st.monitoredObjects).toBeCloseTo((daily / closed(1.5e6)) * 60, 3);
    expect(warnings).toContain('lifecycle-deletes-early');
  });
  it('Archive Instant Access after 90 days in Intelligent-Tiering', () => {
    const { st } = storageOf(365, [[0, 'INTELLIGENT_TIERING']]);
    expect(st.gbMonthsByClass['INTELLIGENT_TIERING_AIA']).toBeCloseTo((daily * 275) / GiB, 6);
  });
  it('minimum duration: Glacier IR for 30 days is billed 90', () => {
    // (Standard-IA before 30 days is refused outright: test/s3-lifecycle.test.ts)
    const { st, warnings } = storageOf(40, [[0, 'STANDARD'], [10, 'GLACIER_IR']]);
    expect(st.gbMonthsByClass['GLACIER_IR']).toBeCloseTo((daily * 30) / GiB, 6);
    expect(st.earlyDeletionGbMonths['GLACIER_IR']).toBeCloseTo((daily * 60) / GiB, 6);
    expect(warnings).toContain('min-duration');
  });
  it('minimum duration: Standard-IA from 30 days under 40-day retention is billed 30', () => {
    const { st } = storageOf(40, [[0, 'STANDARD'], [30, 'STANDARD_IA']]);
    expect(st.earlyDeletionGbMonths['STANDARD_IA']).toBeCloseTo((daily * 20) / GiB, 6);
  });
  it('warns that Glacier Flexible is not queryable without a restore', () => {
    const { warnings } = storageOf(365, [[0, 'STANDARD'], [90, 'GLACIER']]);
    expect(warnings).toContain('class-not-queryable');
  });
  it('objects, PUTs and transitions follow the chunk size', () => {
    const { st, p } = storageOf(120, [[0, 'STANDARD'], [30, 'STANDARD_IA']], { chunkSize: '1 MB' });
    const perDay = daily / closed(1e6);
    expect(st.objectsPerDay).toBeCloseTo(perDay, 6);
    expect(st.putsPerMonth).toBeCloseTo(perDay * (730 / 24), 3);
    expect(st.transitionsPerMonth['STANDARD_IA']).toBeCloseTo(perDay * (730 / 24), 3);
    const line = p.lines.find((l) => l.id === 's3.transition.STANDARD_IA')!;
    expect(line.unitPriceUsd).toBe('0.00001');
  });
  it('Standard over 50 TB splits into price tiers', () => {
    const p = planOf(scenarioOf({ ...BASE, ingest: { volume: '10 TB/day' }, retention: '30 days' }));
    const tiers = p.lines.filter((l) => l.id.startsWith('s3.storage.STANDARD'));
    expect(tiers.map((l) => l.id)).toEqual(['s3.storage.STANDARD.tier1', 's3.storage.STANDARD.tier2']);
    expect(tiers[0]!.quantity).toBe(51200);
    // storage.storedCopies omitted: chunks assumed full, cut alike on every replica and deduped through the chunks cache: one copy
    expect(tiers[0]!.quantity + tiers[1]!.quantity).toBeCloseTo(((10e12 / 5) * 1 * 30) / GiB, 3);
  });
});

describe('inter-AZ transfer', () => {
  const gb = (zones: number, rf: number) =>
    planOf(scenarioOf({ ...BASE, deployment: { zones, replicationFactor: rf } })).lines.find((l) => l.id === 'transfer.inter-az.replication');
  it('RF 3 across 3 zones: 2 of 3 copies cross, billed out and in', () => {
    const line = gb(3, 3)!;
    const crossing = (1e12 * (730 / 24) * 3 * (2 / 3)) / GiB;
    expect(line.quantity).toBeCloseTo(crossing * 2, 3);
    expect(line.monthlyCost).toBeCloseTo(crossing * 2 * 0.01, 6);
  });
  it('one zone: no inter-AZ line', () => {
    expect(gb(1, 3)).toBeUndefined();
  });
  it('RF 3 across 2 zones: half the copies cross', () => {
    expect(gb(2, 3)!.quantity).toBeCloseTo(((1e12 * (730 / 24) * 3 * 0.5) / GiB) * 2, 3);
  });
});
