/**
 * fast-check generators of valid scenario documents (fields as written in YAML), inside the ranges
 * the model covers (src/model/limits.ts) and small enough that a plan takes milliseconds.
 * A generated document that fails to load or plan is a failure of the property, not skipped.
 */
import fc from 'fast-check';
import { DEFAULT_INSTANCE_TYPES } from '../src/model/instances.js';
import { snapshotRegions } from '../src/sources/snapshot.js';

export type Doc = Record<string, unknown>;

/** log-uniform double in [min, max] */
export const logUniform = (min: number, max: number) =>
  fc.double({ min: Math.log10(min), max: Math.log10(max), noNaN: true, noDefaultInfinity: true }).map((x) => 10 ** x);

/** A number rounded to `d` significant digits, so YAML shows it as written by a person. */
const sig = (v: number, d = 6) => Number(v.toPrecision(d));

export const pct = fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`);

const CLASSES = ['STANDARD', 'STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;

export const lifecycleArb = fc
  .record({
    // the snapshot prices PUTs into Standard and Intelligent-Tiering only (a PUT straight into another class is a missing price)
    first: fc.constantFrom('STANDARD', 'STANDARD', 'INTELLIGENT_TIERING'),
    steps: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 400 }), cls: fc.constantFrom(...CLASSES.slice(1)) }), { maxLength: 3 }),
    deleteGap: fc.option(fc.integer({ min: 1, max: 800 }), { nil: undefined }),
  })
  .map(({ first, steps, deleteGap }) => {
    const rules: Doc[] = [{ after: '0 days', class: first }];
    let day = 0;
    let at = CLASSES.indexOf(first as (typeof CLASSES)[number]);
    for (const s of steps) {
      // S3 only moves objects down the waterfall; CLASSES is in waterfall order
      if (CLASSES.indexOf(s.cls) <= at) continue;
      at = CLASSES.indexOf(s.cls);
      // S3 refuses a transition to Standard-IA before 30 days
      day = s.cls === 'STANDARD_IA' ? Math.max(day + s.gap, 30) : day + s.gap;
      rules.push({ after: `${day} days`, class: s.cls });
    }
    if (deleteGap !== undefined) rules.push({ after: `${day + deleteGap} days`, action: 'delete' });
    return rules;
  });

/** Raw ingest in bytes per day, written as one of the accepted forms. */
export const ingestArb = (maxGbPerDay = 20_000) =>
  fc.record({
    gbPerDay: logUniform(1.001, maxGbPerDay).map((v) => sig(v)),
    lineBytes: fc.integer({ min: 50, max: 4000 }),
    form: fc.constantFrom('volume', 'rate'),
    peakFactor: fc.option(fc.double({ min: 1, max: 2, noNaN: true }).map((v) => sig(v, 3)), { nil: undefined }),
  });

export function ingestDoc(i: { gbPerDay: number; lineBytes: number; form: string; peakFactor?: number | undefined }): Doc {
  const out: Doc =
    i.form === 'volume'
      ? { volume: `${i.gbPerDay} GB/day` }
      : { rate: `${(i.gbPerDay * 1e9) / 86400 / i.lineBytes} lines/s`, avgLineSize: `${i.lineBytes} B` };
  if (i.peakFactor !== undefined) out['peakFactor'] = i.peakFactor;
  return out;
}

/** the types every snapshot region prices (us-east-1 prices the whole catalogue, the others these) */
const ALL_TYPES = [...DEFAULT_INSTANCE_TYPES];
/** Every list holds at least one type big enough for the largest default pod (read: 3 CPU / 6 GiB). */
const typesArb = fc
  .tuple(fc.constantFrom('m7i.xlarge', 'm7g.xlarge', 'm7i.2xlarge', 'r7g.xlarge', 'm6i.xlarge'), fc.subarray(ALL_TYPES, { maxLength: 4 }))
  .map(([big, more]) => [...new Set([big, ...more])]);

const resourcesArb = fc.record(
  { cpu: fc.constantFrom('250m', '500m', 1, 2, '1500m'), memory: fc.constantFrom('512Mi', '1Gi', '2Gi', '4Gi', '6Gi') },
  { requiredKeys: [] },
);

const ssdTargetsArb = fc.dictionary(
  fc.constantFrom('write', 'read', 'backend', 'gateway'),
  fc.record(
    { replicas: fc.integer({ min: 1, max: 12 }), requests: resourcesArb, volume: fc.constantFrom('10Gi', '50Gi', '1Ti') },
    { requiredKeys: [] },
  ),
  { maxKeys: 2 },
);

/** The parts of a scenario other than ingest and retention (held fixed by the monotonicity properties). */
export const restArb = fc
  .record({
    region: fc.constantFrom(...snapshotRegions()),
    hoursPerMonth: fc.option(fc.constantFrom(720, 730, 744), { nil: undefined }),
    mono: fc.constantFrom(false, false, false, true),
    rf: fc.integer({ min: 1, max: 5 }),
    zones: fc.integer({ min: 1, max: 6 }),
    ft: fc.integer({ min: 0, max: 2 }),
    copiesShare: fc.double({ min: 0, max: 1, noNaN: true }),
    compressionRatio: fc.double({ min: 2, max: 15, noNaN: true }).map((v) => sig(v, 3)),
    chunkKiB: fc.integer({ min: 64, max: 8192 }),
    lifecycle: lifecycleArb,
    billingGigabyte: fc.constantFrom('GiB', 'GB', undefined),
    scannedTB: fc.option(logUniform(0.01, 20).map((v) => sig(v)), { nil: undefined }),
    queryPeak: fc.option(fc.double({ min: 1, max: 3, noNaN: true }).map((v) => sig(v, 3)), { nil: undefined }),
    targets: ssdTargetsArb,
    pricing: fc.constantFrom('nodes', 'nodes', 'per-vcpu'),
    types: typesArb,
    spot: fc.record({ write: pct, read: pct, backend: pct }, { requiredKeys: [] }),
    perVcpu: fc.record({ basis: fc.constantFrom('requests', 'limits'), memory: fc.boolean() }),
    platform: fc.record({ eksClusterShare: pct, loadBalancer: fc.constantFrom('none', 'nlb') }, { requiredKeys: [] }),
    omit: fc.subarray(['s3-requests', 'inter-az', 'compute:gateway', 'node-volumes', 's3-monitoring']),
    baseline: fc.constantFrom<Doc | null | undefined>({ mode: 'monolithic' }, null, undefined, { mode: 'monolithic', retention: '7 days' }),
  })
  .map((r) => {
    const doc: Doc = { name: 'generated', region: r.region };
    if (r.hoursPerMonth !== undefined) doc['hoursPerMonth'] = r.hoursPerMonth;
    const storage: Doc = {
      compressionRatio: r.compressionRatio,
      chunkSize: `${r.chunkKiB} KiB`,
      lifecycle: r.lifecycle,
    };
    if (r.billingGigabyte) storage['billingGigabyte'] = r.billingGigabyte;
    if (r.mono) {
      doc['deployment'] = { mode: 'monolithic' };
    } else {
      doc['deployment'] = { mode: 'simple-scalable', replicationFactor: r.rf, zones: r.zones, failureTolerance: r.ft };
      storage['storedCopies'] = sig(1 + r.copiesShare * (r.rf - 1), 3);
      doc['targets'] = r.targets;
      doc['omit'] = r.omit;
      if (r.baseline !== undefined) doc['baseline'] = r.baseline;
    }
    doc['storage'] = storage;
    const query: Doc = {};
    if (r.scannedTB !== undefined) query['scannedPerDay'] = `${r.scannedTB} TB`;
    if (r.queryPeak !== undefined) query['peakFactor'] = r.queryPeak;
    doc['query'] = query;
    doc['compute'] = {
      pricing: r.pricing,
      instanceTypes: r.types,
      ...(r.mono ? {} : { spot: r.spot }),
      perVcpu: r.perVcpu,
    };
    doc['platform'] = r.platform;
    return doc;
  });

export const retentionArb = fc.integer({ min: 1, max: 3650 });

/** A whole valid scenario document. */
export const scenarioArb = fc
  .record({ rest: restArb, ingest: ingestArb(), retention: retentionArb })
  .map(({ rest, ingest, retention }) => ({ ...rest, ingest: ingestDoc(ingest), retention: `${retention} days` }));
