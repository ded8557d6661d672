/**
 * S3 as AWS applies it (issue 17 item 2): the 30-day minimum before Standard-IA, the 128 KB
 * default minimum transition size (transition_default_minimum_object_size, September 2024),
 * reads priced at the class they find their objects in (GETs and retrieval), the 40 KB per-object
 * overhead of Glacier Flexible Retrieval and Deep Archive, and the NLB carrying compressed pushes.
 * Rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html,
 * https://aws.amazon.com/s3/pricing/.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fullChunk } from '../src/model/flush.js';
import { BASE, cli, planOf, scenarioOf } from './helpers.js';

const GiB = 2 ** 30;
type Rule = [number, string];
const lifecycle = (...rules: Rule[]) => rules.map(([after, c]) => (c === 'delete' ? { after: `${after} days`, action: 'delete' } : { after: `${after} days`, class: c }));
const plan = (retention: number, rules: Rule[], storage: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  planOf(scenarioOf({ ...BASE, retention: `${retention} days`, storage: { compressionRatio: 5, storedCopies: 1.5, lifecycle: lifecycle(...rules), ...storage }, ...extra }));
const codes = (p: ReturnType<typeof plan>) => p.warnings.map((w) => w.code);
const line = (p: ReturnType<typeof plan>, id: string) => p.lines.find((l) => l.id === id);
const daily = (1e12 / 5) * 1.5; // stored bytes a day
// the object a chunk_target_size gives at 5x (grafana/loki v3.7.6 memchunk.go SpaceFor): under one
// 256 KiB block the head closes at the target uncompressed, so 64 KiB gives 12.8 KiB objects
const closed = (target: number) => fullChunk(target, 262144, 5).compressed;

describe('a transition to Standard-IA before 30 days is refused, with the rule named', () => {
  it.each([1, 7, 29])('%d days', (d) => {
    expect(() => scenarioOf({ ...BASE, retention: '120 days', storage: { lifecycle: lifecycle([0, 'STANDARD'], [d, 'STANDARD_IA']) } })).toThrow(
      /storage\.lifecycle\[1\]\.after: S3 lifecycle refuses a transition to STANDARD_IA before 30 days \(AWS S3 User Guide.*set it to at least 30 days/,
    );
  });
  it('30 days is accepted, and so are Intelligent-Tiering and Glacier IR at any age', () => {
    expect(() => scenarioOf({ ...BASE, storage: { lifecycle: lifecycle([0, 'STANDARD'], [30, 'STANDARD_IA']) } })).not.toThrow();
    expect(() => scenarioOf({ ...BASE, storage: { lifecycle: lifecycle([0, 'STANDARD'], [1, 'INTELLIGENT_TIERING']) } })).not.toThrow();
    expect(() => scenarioOf({ ...BASE, storage: { lifecycle: lifecycle([0, 'STANDARD'], [1, 'GLACIER_IR']) } })).not.toThrow();
  });
  it('on the command line: exit 2, one line naming the file and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lokiplan-ia-'));
    const f = join(dir, 'ia.yaml');
    writeFileSync(f, 'name: ia\nregion: us-east-1\ningest: { volume: 1 TB/day }\nretention: 90 days\nstorage:\n  lifecycle:\n    - { after: 0 days, class: STANDARD }\n    - { after: 7 days, class: STANDARD_IA }\n');
    const r = await cli(['plan', f]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/ia\.yaml: storage\.lifecycle\[1\]\.after: S3 lifecycle refuses a transition to STANDARD_IA before 30 days/);
  });
});

describe('objects under 128 KB are not transitioned by default (transition_default_minimum_object_size)', () => {
  it.each(['GLACIER_IR', 'INTELLIGENT_TIERING', 'STANDARD_IA', 'GLACIER'])('64 KiB chunk_target_size (12.8 KiB chunks) stays in Standard instead of %s: no transitions, no minimum-size charge', (cls) => {
    const p = plan(120, [[0, 'STANDARD'], [30, cls]], { chunkSize: '64 KiB' });
    expect(Object.keys(p.storage.gbMonthsByClass)).toEqual(['STANDARD']);
    expect(p.storage.gbMonthsByClass['STANDARD']).toBeCloseTo((daily * 120) / GiB, 6);
    expect(p.storage.transitionsPerMonth).toEqual({});
    expect(p.lines.filter((l) => l.component === 's3-transitions' || l.component === 's3-monitoring')).toEqual([]);
    expect(codes(p)).toContain('below-transition-minimum');
    expect(codes(p)).not.toContain('min-object-size');
    expect(p.warnings.find((w) => w.code === 'below-transition-minimum')!.message).toMatch(/lifecycle step 1: 12\.8 KiB chunks are under S3's 128 KB minimum transition size .*they stay in STANDARD/);
  });
  it('at 1 MiB (819 KiB chunks) they move', () => {
    expect(closed(2 ** 20)).toBeGreaterThan(128 * 1024);
    const p = plan(120, [[0, 'STANDARD'], [30, 'GLACIER_IR']], { chunkSize: '1 MiB' });
    expect(p.storage.gbMonthsByClass['GLACIER_IR']).toBeGreaterThan(0);
    expect(codes(p)).not.toContain('below-transition-minimum');
  });
  it('varies_by_storage_class: small objects move to Glacier Flexible and Deep Archive only', () => {
    const p = plan(400, [[0, 'STANDARD'], [30, 'GLACIER_IR'], [120, 'GLACIER'], [300, 'DEEP_ARCHIVE']], { chunkSize: '64 KiB', transitionMinimumObjectSize: 'varies_by_storage_class' });
    expect(Object.keys(p.storage.gbMonthsByClass).sort()).toEqual(['DEEP_ARCHIVE', 'GLACIER', 'STANDARD']);
    expect(p.storage.gbMonthsByClass['STANDARD']).toBeCloseTo((daily * 120) / GiB, 6); // held in Standard past the skipped Glacier IR step
    expect(Object.keys(p.storage.transitionsPerMonth).sort()).toEqual(['DEEP_ARCHIVE', 'GLACIER']);
  });
  it('a rule filter below the chunk size (transitionMinimumObjectSize) transitions them, and Glacier IR then bills 128 KB each', () => {
    const p = plan(120, [[0, 'STANDARD'], [30, 'GLACIER_IR']], { chunkSize: '64 KiB', transitionMinimumObjectSize: '0 B' });
    expect(p.storage.gbMonthsByClass['GLACIER_IR']).toBeCloseTo((daily * 90 * ((128 * 1024) / closed(64 * 1024))) / GiB, 6);
    expect(codes(p)).toContain('min-object-size');
    expect(p.storage.transitionsPerMonth['GLACIER_IR']).toBeGreaterThan(0);
  });
  it('a bad value names the field', () => {
    expect(() => scenarioOf({ ...BASE, storage: { transitionMinimumObjectSize: 'sometimes' } })).toThrow(/storage\.transitionMinimumObjectSize/);
  });
  it('the plan states the rule in its assumptions', () => {
    const p = plan(30, [[0, 'STANDARD']]);
    expect(p.assumptions.some((a) => /transition_default_minimum_object_size all_storage_classes_128K/.test(a.text) && /docs\.aws\.amazon\.com/.test(a.source))).toBe(true);
  });
});

describe('Glacier Flexible Retrieval and Deep Archive bill 40 KB per object', () => {
  it.each(['GLACIER', 'DEEP_ARCHIVE'])('%s: 32 KB at its rate, 8 KB at Standard\'s', (cls) => {
    const p = plan(365, [[0, 'STANDARD'], [90, cls]]);
    const objects = (daily / closed(1.5e6)) * 275;
    const o = line(p, `s3.storage.${cls}.archive-overhead`)!;
    expect(o.quantity).toBeCloseTo((objects * 32 * 1024) / GiB, 6);
    expect(o.priceKey).toBe(`s3.storage.${cls}`);
    // Standard is tiered: the overhead continues its tiers (here all in the first)
    const std = p.lines.find((l) => l.id.startsWith(`s3.storage.STANDARD.archive-overhead.${cls}`))!;
    expect(std.id).toBe(`s3.storage.STANDARD.archive-overhead.${cls}.tier1`);
    expect(std.quantity).toBeCloseTo((objects * 8 * 1024) / GiB, 6);
    expect(std.priceKey).toBe('s3.storage.STANDARD');
  });
  it('the 8 KB continue Standard\'s price tiers after the chunks held in Standard', () => {
    // 10 TB/day for 30 days in Standard is past the first 50 TB tier: the overhead is billed at tier 2
    const p = planOf(scenarioOf({ ...BASE, ingest: { volume: '10 TB/day' }, retention: '365 days', storage: { lifecycle: lifecycle([0, 'STANDARD'], [30, 'GLACIER']) } }));
    const std = p.lines.filter((l) => l.id.startsWith('s3.storage.STANDARD.archive-overhead.GLACIER'));
    expect(std).toHaveLength(1);
    expect(std[0]!.unitPriceUsd).toBe('0.022');
  });
});

describe('queries pay the GET and retrieval prices of the class they read', () => {
  const rules: Rule[] = [[0, 'STANDARD'], [30, 'STANDARD_IA'], [90, 'GLACIER_IR']];
  const byAge = [{ upTo: '1 day', share: '50%' }, { upTo: '60 days', share: '30%' }, { share: '20%' }];
  const p = plan(120, rules, {}, { query: { scannedPerDay: '10 TB', byAge } });
  const gets = p.storage.getsPerMonth;
  // band 1-60: 29/59 in Standard, 30/59 in Standard-IA; band 60-120: half Standard-IA, half Glacier IR
  const share = { STANDARD: 0.5 + (0.3 * 29) / 59, STANDARD_IA: (0.3 * 30) / 59 + 0.1, GLACIER_IR: 0.1 };
  it('GETs split by class, each at its price', () => {
    expect(line(p, 's3.requests.get.chunks')!.quantity).toBeCloseTo(gets * share.STANDARD, 3);
    const ia = line(p, 's3.requests.get.chunks.STANDARD_IA')!;
    expect(ia.quantity).toBeCloseTo(gets * share.STANDARD_IA, 3);
    expect(ia.unitPriceUsd).toBe('0.000001'); // $0.001 per 1,000
    const gir = line(p, 's3.requests.get.chunks.GLACIER_IR')!;
    expect(gir.quantity).toBeCloseTo(gets * share.GLACIER_IR, 3);
    expect(gir.unitPriceUsd).toBe('0.00001'); // $0.01 per 1,000
  });
  it('retrieval per GB of chunks read from Standard-IA and Glacier IR', () => {
    const stored = ((10e12 / 5) * 1.5 * (730 / 24)) / GiB; // queriers read every stored copy
    const ia = line(p, 's3.retrieval.STANDARD_IA')!;
    expect(ia.quantity).toBeCloseTo(stored * share.STANDARD_IA, 3);
    expect(ia.unitPriceUsd).toBe('0.01');
    expect(line(p, 's3.retrieval.GLACIER_IR')!.unitPriceUsd).toBe('0.03');
  });
  it('by default every query reads the last day: all GETs at Standard, no retrieval', () => {
    const d = plan(120, rules, {}, { query: { scannedPerDay: '10 TB' } });
    expect(line(d, 's3.requests.get.chunks')!.quantity).toBeCloseTo(d.storage.getsPerMonth, 6);
    expect(d.lines.filter((l) => l.id.startsWith('s3.retrieval'))).toEqual([]);
    expect(d.assumptions.some((a) => /query\.byAge, the default\): 100% days 0-1/.test(a.text))).toBe(true);
  });
  it('reads past the objects\' life and from Glacier Flexible are warned about, not priced', () => {
    const g = plan(60, [[0, 'STANDARD'], [30, 'GLACIER']], {}, { query: { scannedPerDay: '1 TB', byAge: [{ upTo: '30 days', share: '50%' }, { upTo: '90 days', share: '50%' }] } });
    expect(codes(g)).toEqual(expect.arrayContaining(['query-reads-archive', 'query-beyond-retention']));
    expect(g.lines.some((l) => l.id.includes('GLACIER') && l.component === 's3-requests')).toBe(false);
  });
  it('shares must add up to 100%', () => {
    expect(() => scenarioOf({ ...BASE, query: { byAge: [{ upTo: '1 day', share: '50%' }] } })).toThrow(/query\.byAge: shares must add up to 100%, got 50%/);
  });
});

describe('the NLB carries compressed push bodies', () => {
  const lcu = (platform: Record<string, unknown>) => planOf(scenarioOf({ ...BASE, platform: { loadBalancer: 'nlb', ...platform } })).lines.find((l) => l.id === 'elb.nlb.lcu')!;
  it('raw ingest / the snappy ratio of the log data by default (5 x 11,282 / 24,955), a named assumption', () => {
    const raw = ((1e12 / 86400) * 3600) / GiB;
    expect(lcu({}).quantity).toBeCloseTo((raw / (5 * (11282 / 24955))) * 730, 6);
    expect(lcu({ pushCompressionRatio: 3 }).quantity).toBeCloseTo((raw / 3) * 730, 6);
    const p = planOf(scenarioOf({ ...BASE, platform: { loadBalancer: 'nlb' } }));
    expect(p.assumptions.some((a) => /push bodies/.test(a.text) && /pkg\/chunkenc\/testdata/.test(a.source))).toBe(true);
  });
  it('a ratio below 1 names the field', () => {
    expect(() => scenarioOf({ ...BASE, platform: { pushCompressionRatio: 0.5 } })).toThrow(/platform\.pushCompressionRatio/);
  });
});
