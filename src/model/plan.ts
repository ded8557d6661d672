/**
 * plan(scenario, prices) -> Plan: workload, sizing, placement, storage, traffic, priced cost lines,
 * totals, the baseline under the same model, the delta, capacity verdicts, claims and warnings.
 * Pure and synchronous: no files, clock, environment or network.
 */
import { LokiplanError, ModelLimitError, ScenarioError } from '../errors.js';
import { auditLines, CATEGORY_OF, computeLines, LineBuilder, platformLines, storageLines, totals } from './cost.js';
import { FLUSH_SOURCE, regimeText } from './flush.js';
import { levers, NETWORK_SOURCE, networkLines, s3TrafficGb, trafficPaths } from './network.js';
import { CODEC_SOURCE, grpcRatio, pushRatio, ratioOf } from './compression.js';
import { fmtNum, fmtUsd } from './format.js';
import { KUBELET_SOURCE } from './instances.js';
import { check, checkVerdict } from './check.js';
import { LazyNetwork, LazyPlan, LazySide } from './lazy.js';
import { checkTopology, checkTotals } from './coverage.js';
import { place, type PlacementOptions } from './placement.js';
import { PriceKeys, withOverrides, type PriceBook } from './prices.js';
import { DEFAULT_PROFILE, profileLabel, type SizingProfile } from './profiles.js';
import { ingesterCount, MODES, size, zoneAwareOf } from './modes/index.js';
import { CHART_INGESTER_ZONES } from './modes/spec.js';
import { inMode } from './modes/switch.js';
import { DEFAULT_QUERY_BY_AGE, emptyStorage, gbBytes, S3_LIFECYCLE_SOURCE, storage } from './storage.js';
import type { ClaimCheck, ClaimKey, CostLine, Lever, Plan, Scenario, SidePlan, Warning } from './types.js';
import { workload } from './workload.js';
import { totalCents } from '../text/money.js';

/**
 * One hourly-price function per price book (memoised): placement caches its results per function,
 * so the same book never has its prices stringified into a cache key.
 */
const HOURLY = new WeakMap<PriceBook, Required<Pick<PlacementOptions, 'hourlyPrice' | 'priced'>>>();
function hourlyPriceOf(book: PriceBook): Required<Pick<PlacementOptions, 'hourlyPrice' | 'priced'>> {
  let f = HOURLY.get(book);
  if (!f) {
    const key = (t: string, c: string) => (c === 'spot' ? PriceKeys.ec2Spot(t) : c === 'committed' ? PriceKeys.ec2Committed(t) : PriceKeys.ec2OnDemand(t));
    f = { hourlyPrice: (t, c) => book.get(key(t, c)).tiers[0]!.value, priced: (t, c) => book.has(key(t, c)) };
    HOURLY.set(book, f);
  }
  return f;
}

export type PriceBooks = (region: string) => PriceBook;

/**
 * The baseline's plan. A baseline the scenario asked for fails the plan when it cannot be planned;
 * the default one (`baseline:` omitted) is dropped with a warning instead, naming why and the fix.
 */
function baselineSide(s: Scenario, side: SidePlan, books: PriceBooks, profile: SizingProfile): SidePlan | null {
  const b = s.baseline!;
  if (!s.baselineDefault) return planSide(b, books(b.region), profile);
  try {
    return planSide(b, books(b.region), profile);
  } catch (e) {
    if (!(e instanceof ModelLimitError)) throw e;
    side.warnings.push({
      code: 'no-default-baseline',
      message: `no baseline: the default one (the same workload on one monolithic Loki) cannot be planned: ${e.message}; give it instance types that fit (baseline: { mode: monolithic, compute: { instanceTypes: [...] } }) or set baseline: null`,
    });
    return null;
  }
}

export function plan(s: Scenario, books: PriceBooks, profile: SizingProfile = DEFAULT_PROFILE): Plan {
  const book = books(s.region);
  const side = planSide(s, book, profile);
  const baseline = s.baseline ? baselineSide(s, side, books, profile) : null;
  const claims = checkClaims(s, side, baseline);
  return new LazyPlan(
    side,
    {
      region: s.region,
      billing: s.billing ?? null,
      hoursPerMonth: s.hoursPerMonth,
      prices: pricesOf(book),
      baseline,
      delta: baseline ? { monthly: side.totals.monthly - baseline.totals.monthly } : null,
      claims,
    },
    () => withUnsourced(withMode(withMode(assumptions(s, profile), chunkAssumptions(s, side)), MODES[s.deployment.mode].assumptions(s, side.workload, profile)), side.lines, baseline?.lines ?? []),
    () =>
      claims
        .filter((c) => !c.holds)
        .map((c) => ({
          code: 'claim-does-not-hold',
          message: `claimed ${c.key} ${c.claimed.low === c.claimed.high ? fmtUsd(c.claimed.low) : `${fmtUsd(c.claimed.low)}-${fmtUsd(c.claimed.high)}`} a month; the model gives ${fmtUsd(c.actual)}`,
        })),
  );
}

/** Where the plan's prices come from; the optional fields only when the book has them (no spreads: hot path). */
function pricesOf(book: PriceBook): Plan['prices'] {
  const p: Plan['prices'] = { source: book.id, asOf: book.asOf, region: book.region };
  if (book.fetchedAt !== undefined) p.fetchedAt = book.fetchedAt;
  if (book.spotWindow !== undefined) p.spotWindow = book.spotWindow;
  if (book.note !== undefined) p.note = book.note;
  return p;
}

/**
 * One side of a plan. `descriptions: false` leaves each cost line's description '' (never built):
 * for evaluations that read the figures and the verdict alone (what-if points, the price of
 * holding); everything else is as in a full plan.
 */
export function planSide(s: Scenario, rawBook: PriceBook, profile: SizingProfile, descriptions = true): SidePlan {
  if (rawBook.region !== s.region) {
    throw new ScenarioError(s.file, 'region', `price book is for ${rawBook.region}, scenario is in ${s.region}`);
  }
  const book = withOverrides(rawBook, s.priceOverrides, s.file);
  const warnings: Warning[] = [];
  const w = workload(s);
  const topo = size(s, w, profile);
  checkTopology(s, topo);
  const spec = MODES[s.deployment.mode];

  const nodes =
    s.compute.pricing === 'nodes'
      ? place(topo, {
          instanceTypes: s.compute.instanceTypes,
          instanceSizes: s.compute.instanceSizes,
          zones: spec.spreadsZones ? s.deployment.zones : 1,
          daemonsetOverhead: profile.daemonsetOverhead,
          ...hourlyPriceOf(book),
        })
      : [];

  const ingesters = ingesterCount(topo);
  const replicasOf = (names: readonly string[]) => topo.targets.reduce((a, t) => a + (names.includes(t.name) ? t.replicas : 0), 0);
  const st = spec.objectStore === 'filesystem' ? emptyStorage(s) : storage(s, w, ingesters, warnings, replicasOf(INDEX_SYNCERS), Math.min(1, replicasOf(COMPACTORS)));
  const gb = gbBytes(s);
  const z = spec.spreadsZones ? s.deployment.zones : 1;
  const paths = trafficPaths(s, w, topo, st, s.network, z, gb);
  const s3Gb = spec.objectStore === 'filesystem' ? 0 : s3TrafficGb(s, w, gb);
  const interAzGb = paths.reduce((a, p) => a + p.gbPerMonth * p.crossShare, 0);

  const b = new LineBuilder(book, descriptions);
  computeLines(b, s, topo, nodes);
  storageLines(b, s, st);
  networkLines(b, s, paths, s3Gb, st.bucket.path, z);
  platformLines(b, s, (w.avgBytesPerSecond * 3600) / gb / pushRatio(s));
  auditLines(b, s, st, gb);
  // what each network lever would save: planned again with the lever changed, on first read
  let lv: Lever[] | undefined;
  const leversOf = (): Lever[] =>
    (lv ??= levers(s, topo, (net, zones) => {
      const alt = new LineBuilder(book, false); // summed, never shown
      networkLines(alt, s, zones === z && net === s.network ? paths : trafficPaths(s, w, topo, st, net, zones, gb), s3Gb, net.s3, zones);
      return alt.lines.reduce((a, l) => a + l.monthlyCost, 0);
    }));
  const network = new LazyNetwork(paths, s3Gb, leversOf);

  const lines: CostLine[] = s.omit.length ? [] : b.lines.slice();
  const omitted: CostLine[] = [];
  if (s.omit.length) for (const l of b.lines) {
    const t = (l as { target?: string }).target;
    if (s.omit.includes(l.component) || (t !== undefined && s.omit.includes(`${l.component}:${t}`))) omitted.push(l);
    else lines.push(l);
  }
  const tot = totals(lines);
  checkTotals(s, omitted.length ? totals(b.lines) : tot); // omitted lines too: nothing priced may overflow

  // one verdict: the plan meets its target exactly when the capacity check holds, and a target
  // meets it when none of its check rows fails (replica loss, zone loss). The statuses are decided
  // here, without the words; the report with details and fixes is built on first read.
  const targets = topo.targets;
  const sizedVerdicts = targets.map((t) => t.verdict);
  for (const t of targets) t.sizedMeetsTarget = t.meetsTarget;
  const side = new LazySide(
    { scenario: s.name, mode: s.deployment.mode, workload: w, topology: topo, nodes, storage: st, interAzGbPerMonth: interAzGb, network, lines, omitted, totals: tot },
    (p) => check(s, p),
    // the plan's warnings in their order: planning's own (storage), network, scenario, spot, the check
    () => {
      networkWarnings(s, topo, leversOf(), warnings);
      sideWarnings(s, rawBook, targets, sizedVerdicts, omitted, warnings);
      successorWarnings(s, rawBook, profile, warnings);
      spotWarnings(book, nodes, warnings);
      const failing = verdict.rows.filter((r) => r.status === 'fail');
      if (failing.length) {
        warnings.push({
          code: 'capacity-does-not-hold',
          message: `lokiplan check: DOES NOT HOLD (${failing.length} failing check${failing.length === 1 ? '' : 's'}): ${[...new Set(failing.map((r) => `${r.target} with ${r.condition} (${r.binding})`))].join('; ')}`,
        });
      }
      return warnings;
    },
  );
  const verdict = checkVerdict(s, side);
  side.verdict = verdict;
  side.meetsTarget = verdict.holds;
  if (!verdict.holds) {
    const failing = verdict.rows.filter((r) => r.status === 'fail');
    for (const t of targets) {
      const own = failing.filter((r) => r.target === t.name);
      if (!own.length) continue;
      t.meetsTarget = false;
      // say why when the sizing rule alone would have passed it
      if (t.sizedMeetsTarget) t.verdict += `; lokiplan check fails it with ${[...new Set(own.map((r) => `${r.condition} (${r.binding})`))].join(', ')}`;
    }
  }
  return side;
}

/**
 * A spot price above the on-demand price is bad data: AWS caps the spot price at the on-demand
 * price (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-spot-instances.html: "you pay
 * the Spot price ... and never more than the On-Demand price"). Warned with both prices.
 */
function spotWarnings(book: PriceBook, nodes: SidePlan['nodes'], out: Warning[]): void {
  const seen = new Set<string>();
  for (const g of nodes) {
    if (g.capacityType !== 'spot' || seen.has(g.instanceType)) continue;
    seen.add(g.instanceType);
    const od = PriceKeys.ec2OnDemand(g.instanceType);
    if (!book.has(od)) continue;
    const spot = book.get(PriceKeys.ec2Spot(g.instanceType)).tiers[0]!;
    const onDemand = book.get(od).tiers[0]!;
    if (spot.value > onDemand.value) {
      out.push({
        code: 'spot-above-on-demand',
        message: `${g.instanceType}: spot price $${spot.usd}/h is above the on-demand price $${onDemand.usd}/h, which AWS never charges (spot is capped at on-demand): check the price book`,
      });
    }
  }
}

/**
 * Simple-scalable's successors for the same workload: HA monolithic (the documented successor,
 * grafana/loki docs deployment modes) and microservices, each planned in full (figures only) with
 * whether it holds. Only for a simple-scalable plan, and only when its warnings are read.
 */
const SSD_SUCCESSORS = ['ha-monolithic', 'microservices'] as const;
function successorWarnings(s: Scenario, book: PriceBook, profile: SizingProfile, out: Warning[]): void {
  if (s.deployment.mode !== 'simple-scalable') return;
  const parts = SSD_SUCCESSORS.map((m) => {
    try {
      const p = planSide(inMode(s, m), book, profile, false);
      return `${m} ${fmtUsd(totalCents(p.lines) / 100)} a month (${p.verdict.holds ? 'holds' : 'does not hold'})`;
    } catch (e) {
      if (!(e instanceof RangeError) && !(e instanceof LokiplanError)) throw e;
      return `${m} cannot be planned (${e.message})`;
    }
  });
  out.push({
    code: 'ssd-successors',
    message: `simple-scalable is deprecated (its targets are removed from Loki main for 4.0); the same workload as its documented successor, HA monolithic, and in microservices: ${parts.join('; ')}`,
  });
}

/** Targets that sync the TSDB index from S3, and those that run the compactor. */
const INDEX_SYNCERS: readonly string[] = ['backend', 'index-gateway', 'ruler', 'single-binary'];
const COMPACTORS: readonly string[] = ['backend', 'compactor', 'single-binary'];
/** AWS EC2 SLA: 99.99% Region-level (instances in two or more AZs), 99.5% for a single instance. */
const EC2_SLA = 'https://aws.amazon.com/compute/sla/';

function networkWarnings(s: Scenario, topo: SidePlan['topology'], lv: SidePlan['network']['levers'], out: Warning[]) {
  const best = lv.filter((l) => l.saving >= 0.005);
  if (best.length) {
    const [top, ...rest] = best;
    out.push({
      code: 'network-lever',
      message: `biggest network lever: ${top!.label} (${top!.field}: ${top!.value}) saves ${fmtUsd(top!.saving)} a month (${top!.note})${rest.length ? `; then ${rest.map((l) => `${l.label} ${fmtUsd(l.saving)}`).join(', ')}` : ''}`,
    });
  }
  if (MODES[topo.mode].spreadsZones && s.deployment.zones === 1) {
    out.push({
      code: 'single-zone',
      message: `every pod is in one availability zone: no zone-crossing charges, but a zone outage stops ingest and queries until it returns (AWS EC2 SLA: 99.99% across two or more zones, 99.5% for a single instance, ${EC2_SLA})`,
    });
  }
}

function sideWarnings(s: Scenario, book: PriceBook, targets: SidePlan['topology']['targets'], sizedVerdicts: readonly string[], omitted: CostLine[], out: Warning[]) {
  out.push(...MODES[s.deployment.mode].warnings(s));
  if (s.deployment.modeReason) out.push({ code: 'mode-auto', message: s.deployment.modeReason });
  for (const u of s.unapplied ?? []) out.push({ code: 'setting-unapplied', message: u });
  if (s.query.scannedBytesPerDay === 0) {
    out.push({ code: 'no-query-volume', message: 'no query volume (query.scannedPerDay): the read path is sized and checked for ingest alone; set the raw bytes queries scan a day' });
  }
  targets.forEach((t, i) => {
    // as the sizing rule gave them, before the capacity check's verdict
    if (!t.sizedMeetsTarget) out.push({ code: 'target-not-met', message: `${t.name}: ${sizedVerdicts[i]}` });
    if (s.compute.pricing === 'nodes' && t.spotReplicas > s.deployment.failureTolerance) {
      out.push({
        code: 'spot-exceeds-tolerance',
        message: `${t.name}: ${t.spotReplicas} of ${t.replicas} replicas on spot, more than the ${s.deployment.failureTolerance} the plan tolerates losing: one spot reclaim wave can take ${t.name} below its target`,
      });
    }
  });
  if (omitted.length) {
    const sum = omitted.reduce((a, l) => a + l.monthlyCost, 0);
    const parts = new Map<string, number>();
    for (const l of omitted) parts.set(l.resource, (parts.get(l.resource) ?? 0) + l.monthlyCost);
    out.push({
      code: 'costs-left-out',
      message: `left out of the totals (scenario omit): ${[...parts].map(([r, c]) => `${r} ${fmtUsd(c)}`).join(', ')}; ${fmtUsd(sum)} a month in all`,
    });
  }
  for (const [k, usd] of Object.entries(s.priceOverrides)) {
    const listed = book.has(k) ? book.get(k) : null;
    const was = listed && listed.tiers.length === 1 ? `$${listed.tiers[0]!.usd} in ${book.id}` : listed ? `tiered in ${book.id}` : `not in ${book.id}`;
    out.push({ code: 'price-override', message: `scenario overrides ${k}: $${usd} (${was})` });
  }
  if (s.hoursPerMonth !== 730) {
    out.push({
      code: 'hours-per-month',
      message: `${fmtNum(s.hoursPerMonth)} hours a month: AWS bills an average of 730, so time-based costs here are ${fmtNum(Math.abs(1 - s.hoursPerMonth / 730) * 100)}% ${s.hoursPerMonth < 730 ? 'low' : 'high'}`,
    });
  }
  if (s.storage.billingGigabyte === 'GB') {
    out.push({
      code: 'gigabyte-convention',
      message: 'storage is counted in GB of 10^9 bytes; AWS bills GB-months of 2^30 bytes, so the same bytes cost 6.9% less than shown',
    });
  }
  if (s.compute.pricing === 'per-vcpu' && Object.values(s.compute.spot).some((f) => f > 0)) {
    out.push({ code: 'spot-ignored', message: 'per-vcpu pricing uses one vCPU-hour rate: the spot shares are not applied' });
  }
}

function claimValue(key: ClaimKey, side: SidePlan, baseline: SidePlan | null): number | null {
  // as the plan's own tables show them: the sums of the lines rounded to the cent (text/money.ts)
  if (key === 'total') return totalCents(side.lines) / 100;
  if (key === 'baselineTotal') return baseline ? totalCents(baseline.lines) / 100 : null;
  return totalCents(side.lines.filter((l) => l.category === key)) / 100;
}

/** A claim holds when the modelled figure lies in the claimed range, widened by 1% or $1. */
function checkClaims(s: Scenario, side: SidePlan, baseline: SidePlan | null): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  for (const [key, claimed] of Object.entries(s.claims) as [ClaimKey, { low: number; high: number }][]) {
    const actual = claimValue(key, side, baseline);
    if (actual === null) throw new ScenarioError(s.file, `claims.${key}`, 'needs a baseline to check against');
    const slack = (v: number) => Math.max(1, Math.abs(v) * 0.01);
    out.push({ key, claimed, actual, holds: actual >= claimed.low - slack(claimed.low) && actual <= claimed.high + slack(claimed.high) });
  }
  return out;
}

const ASSUMPTIONS = new Map<string, Plan['assumptions']>();

/** The assumptions behind a plan; a pure function of a few fields, memoised (bounded). */
function assumptions(s: Scenario, profile: SizingProfile): Plan['assumptions'] {
  const n = s.network;
  const f = s.ingester;
  const key = `${profile.id}@${profile.version}|${s.storage.compressionRatio}|${s.storage.chunkBytes}|${s.hoursPerMonth}|${s.storage.billingGigabyte}|${n.grpcCompression}|${n.sameZoneRouting}|${n.loadBalancerCrossZone}|${n.s3}|${s.platform.loadBalancer}|${s.query.ingesterShare}|${s.query.selectivity}|${s.query.rulerScannedBytesPerDay}|${s.ingest.streams}|${f.maxChunkAgeSeconds}|${f.chunkIdlePeriodSeconds}|${f.syncPeriodSeconds}|${f.chunkEncoding}|${zoneAwareOf(s) ? s.deployment.zones : 0}|${ageKey(s)}|${JSON.stringify(s.storage.transitionMinimum)}|${s.platform.pushCompressionRatio}`;
  let a = ASSUMPTIONS.get(key);
  if (!a) {
    if (ASSUMPTIONS.size >= 1024) ASSUMPTIONS.clear();
    a = Object.freeze(buildAssumptions(s, profile).map((x) => Object.freeze(x))) as Plan['assumptions'];
    ASSUMPTIONS.set(key, a);
  }
  return a;
}

/** The chunk regime the plan priced: what cuts the chunks, how many objects and stored copies (none without an object store). */
function chunkAssumptions(s: Scenario, side: SidePlan): Plan['assumptions'] {
  const r = side.storage.chunks;
  if (!r) return [];
  const f = s.ingester;
  return [
    {
      text: `${regimeText(r)} (flush settings: max_chunk_age ${fmtNum(f.maxChunkAgeSeconds / 60)} min, chunk_idle_period ${fmtNum(f.chunkIdlePeriodSeconds / 60)} min, sync_period ${fmtNum(f.syncPeriodSeconds / 60)} min at sync_min_utilization ${fmtNum(f.syncMinUtilization)}, chunk_block_size ${fmtNum(f.chunkBlockBytes)} B; streams receive lines steadily, each at the same rate); queriers read every stored copy`,
      source: FLUSH_SOURCE,
    },
  ];
}

const withMode = (a: Plan['assumptions'], m: readonly Plan['assumptions'][number][]): Plan['assumptions'] => (m.length ? [...a, ...m] : a);

function buildAssumptions(s: Scenario, profile: SizingProfile): Plan['assumptions'] {
  const a: Plan['assumptions'] = [
    { text: `sizing profile ${profileLabel(profile)}: ${profile.description}`, source: profile.targets.write.source },
    { text: 'a pod carries the profile throughput scaled down by the smaller of its CPU and memory requests relative to the profile pod, never scaled up', source: 'lokiplan model' },
    { text: 'node allocatable after EKS kubelet reservations and daemonsets; hard anti-affinity by hostname; zone skew at most 1', source: `${KUBELET_SOURCE}; grafana/loki Helm chart podAntiAffinity` },
    { text: `daemonset overhead ${fmtNum(profile.daemonsetOverhead.cpu)} CPU / ${fmtNum(profile.daemonsetOverhead.memoryGiB)} GiB per node`, source: profile.daemonsetSource },
    { text: `chunks: compression ${fmtNum(s.storage.compressionRatio)}x, chunk_target_size ${fmtNum(s.storage.chunkBytes / 1e6)} MB`, source: 'Loki docs: 5-10x compression, chunk_target_size 1.5 MB' },
    {
      text: `queries read by object age (query.byAge${s.query.byAge === DEFAULT_QUERY_BY_AGE ? ', the default' : ''}): ${s.query.byAge.map((b) => `${fmtNum(b.share * 100)}% ${b.toDays === null ? `from day ${fmtNum(b.fromDays)} on` : `days ${fmtNum(b.fromDays)}-${fmtNum(b.toDays)}`}`).join(', ')}, evenly within each band; each read pays the GET price of the class it finds the object in, plus retrieval per GB from Standard-IA and Glacier Instant Retrieval; Intelligent-Tiering reads pay Standard's GET price with no retrieval, and are taken not to move objects back to Frequent Access`,
      source: 'https://aws.amazon.com/s3/pricing/ (requests and data retrievals per storage class)',
    },
    {
      text: `lifecycle transitions: ${s.storage.transitionMinimum.kind === 'object-size-greater-than' ? `a rule filter ObjectSizeGreaterThan ${fmtNum(s.storage.transitionMinimum.bytes)} bytes (storage.transitionMinimumObjectSize)` : `transition_default_minimum_object_size ${s.storage.transitionMinimum.kind}${s.storage.transitionMinimum.kind === 'all_storage_classes_128K' ? " (AWS's default since September 2024): objects under 128 KB stay in their class" : ': objects under 128 KB move only to Glacier Flexible Retrieval and Deep Archive'}`}; at least 30 days before Standard-IA; Glacier Flexible and Deep Archive objects bill 40 KB of overhead each`,
      source: S3_LIFECYCLE_SOURCE,
    },
    {
      text: `log data compresses ${fmtNum(ratioOf(s, 'gzip'))}x with gzip, ${fmtNum(ratioOf(s, 'zstd'))}x zstd, ${fmtNum(ratioOf(s, 'lz4'))}x lz4, ${fmtNum(ratioOf(s, 'snappy'))}x snappy (storage.compressionRatio ${fmtNum(s.storage.compressionRatio)} for chunk_encoding ${s.ingester.chunkEncoding}, the other codecs in proportion): gRPC between components ${s.network.grpcCompression === 'none' ? 'uncompressed (Loki default)' : `${s.network.grpcCompression}, ${fmtNum(grpcRatio(s, s.network.grpcCompression))}x`}; clients push snappy protobuf at ${fmtNum(pushRatio(s))}x${s.platform.pushCompressionRatio !== null ? ' (platform.pushCompressionRatio)' : ''}`,
      source: CODEC_SOURCE,
    },
    {
      text: `zone crossings: a path between two randomly placed pods crosses a zone (zones-1)/zones of the time; same-zone routing ${s.network.sameZoneRouting ? 'on' : 'off'} (gateway, distributor services); ${s.platform.loadBalancer === 'nlb' ? `NLB cross-zone ${s.network.loadBalancerCrossZone ? 'on' : 'off'}; ` : ''}clients in the same VPC, spread over the zones; memberlist gossip and query results to clients not modelled`,
      source: NETWORK_SOURCE,
    },
    {
      text: `queries: ${fmtNum(s.query.ingesterShare * 100)}% of scanned bytes are recent and read from ingesters, ${fmtNum(s.query.selectivity * 100)}% of scanned lines match and are sent back; rules scan ${s.query.rulerScannedBytesPerDay === null ? 'the day\'s ingest once' : `${fmtNum(s.query.rulerScannedBytesPerDay / 1e9)} GB a day`} (lokiplan estimates; set query.ingesterShare, query.selectivity, query.rulerScannedPerDay)`,
      source: 'lokiplan estimate; grafana/loki configuration.md query_ingesters_within 3h',
    },
    {
      text: `S3 from the pods through ${s.network.s3 === 'gateway-endpoint' ? 'a gateway endpoint (the default: no hourly, processing or transfer charge)' : s.network.s3 === 'nat-gateway' ? 'a NAT gateway per zone (hours and GB processed)' : 'an interface endpoint, one interface per zone (hours and GB processed)'}; set network.s3 to gateway-endpoint, nat-gateway or interface-endpoint`,
      source: 'https://aws.amazon.com/vpc/pricing/ ; https://aws.amazon.com/privatelink/pricing/ ; AWS: S3 to EC2 in-region transfer is free',
    },
    { text: `${fmtNum(s.hoursPerMonth)} hours a month; storage billed per ${s.storage.billingGigabyte === 'GB' ? '10^9' : '2^30'}-byte GB-month`, source: 'AWS bills 730 h average; GB-month = 2^30 bytes' },
  ];
  if (s.platform.loadBalancer === 'nlb') {
    a.push({
      text: `the NLB carries the agents' push bodies, snappy-compressed protobuf: raw ingest / ${fmtNum(pushRatio(s))} (platform.pushCompressionRatio; default the snappy ratio of the scenario's log data)`,
      source: `grafana/loki docs/sources/reference/loki-http-api.md (POST /loki/api/v1/push: snappy-compressed protobuf); ${CODEC_SOURCE}`,
    });
  }
  const z = s.deployment.zones;
  if (zoneAwareOf(s) && z > CHART_INGESTER_ZONES) {
    a.push({
      text: `zone-aware ingesters in ${CHART_INGESTER_ZONES} of the ${z} zones (the Helm chart deploys three ingester zone StatefulSets, zoneA/B/C, of ceil(replicas/3) each), the other targets over all ${z}; inter-AZ replication stays RF x (${z}-1)/${z}: distributors spread over all ${z} zones and each copy of a stream is in one ingester zone, so it shares the distributor's zone with probability 1/${z}`,
      source: 'grafana-community/helm-charts charts/loki/templates/ingester/workload.yaml@3386a1156177c6bcd7fdb1ad4c6b1dda094296e0#L8; grafana/loki production/helm/loki/templates/ingester/_helpers-ingester.tpl@e22a9bed508b1fdda24aa7ecb5d16e618770d97b#L68',
    });
  }
  return a;
}

/**
 * A price no public AWS offer data confirms is marked "(unverified)" in its source (the snapshot
 * does so); the plan says which of its lines use one, so the figure is never mistaken for sourced.
 */
function withUnsourced(base: Plan['assumptions'], ...sides: readonly CostLine[][]): Plan['assumptions'] {
  const keys = new Map<string, string>();
  for (const lines of sides) for (const l of lines) if (l.priceSource.includes('(unverified)')) keys.set(l.priceKey, l.unitPriceUsd);
  if (keys.size === 0) return base;
  const list = [...keys].map(([k, usd]) => `${k} ($${usd})`).join(', ');
  return [
    ...base,
    {
      text: `${keys.size === 1 ? '1 price in this plan is a snapshot figure' : `${keys.size} prices in this plan are snapshot figures`} no public AWS offer data confirmed: ${list}; check them with --prices live or \`lokiplan prices refresh\``,
      source: 'embedded snapshot (sources marked "(unverified)")',
    },
  ];
}
const ageKey = (s: Scenario): string => (s.query.byAge === DEFAULT_QUERY_BY_AGE ? 'default' : s.query.byAge.map((b) => `${b.fromDays}:${b.toDays}:${b.share}`).join(','));

export { CATEGORY_OF };
