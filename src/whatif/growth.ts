/**
 * Growth and break-even. A month-by-month forecast with compounding ingest growth (each month is
 * planned at steady state for that month's ingest rate), with the months where sizing steps up
 * and where the design stops meeting its target; and searches over ingest volume: where the
 * scenario stops meeting its target, where the baseline (or another scenario) stops, and where the
 * cheaper of the two changes (a log-spaced scan, then bisection inside each bracket).
 * Pure: scenarios and price books in, numbers out.
 */
import { ModelLimitError } from '../errors.js';
import { LIMITS, OUTSIDE, within } from '../model/coverage.js';
import { fmtBytes } from '../model/format.js';
import type { PriceBook } from '../model/prices.js';
import type { Scenario, SidePlan } from '../model/types.js';
import { totalCents } from '../text/money.js';
import { baselineDocumentOf, fromDocument, type ReadText } from '../scenario/load.js';
import { evaluate } from './grid.js';
import { applyToDocument, fastPathAllowed, workingCopy, type RawSet } from './fields.js';

type Obj = Record<string, unknown>;

type Books = (region: string) => PriceBook;

export interface GrowthOptions {
  months: number;
  /** monthly ingest growth, e.g. 0.1 for 10% */
  rate: number;
  /** monthly growth of query volume (default: the ingest rate) */
  queryRate: number;
}

export interface MonthRow {
  month: number;
  bytesPerDay: number;
  totalCents: number;
  meetsTarget: boolean;
  replicas: Record<string, number>;
  nodes: number;
  baselineCents: number | null;
  baselineMeetsTarget: boolean | null;
  events: string[];
}

/** A scenario growth scales: its document (what every point is applied to) and the scenario it normalises to. */
export interface Scalable {
  base: Scenario;
  doc: Obj;
  file: string;
  read: ReadText;
}

/** Scale a scenario's ingest (and, by `queryFactor`, its queries) in place; lines/s follow the bytes. */
function scale(s: Scenario, base: Scenario, factor: number, queryFactor: number): void {
  s.ingest.bytesPerSecond = base.ingest.bytesPerSecond * factor;
  s.ingest.linesPerSecond = base.ingest.linesPerSecond === null ? null : base.ingest.linesPerSecond * factor;
  s.query.scannedBytesPerDay = base.query.scannedBytesPerDay * queryFactor;
}

/** The raw values that scale a document's ingest by `factor` (lines/s where it gives a rate) and its queries by `queryFactor`. */
export function scaleSets(base: Scenario, factor: number, queryFactor: number): RawSet[] {
  const num = (x: number) => String(Number(x.toPrecision(15)));
  const ingest: RawSet =
    base.ingest.linesPerSecond !== null
      ? { segs: ['ingest', 'rate'], path: 'ingest.rate', value: `${num(base.ingest.linesPerSecond * factor)} lines/s`, label: '' }
      : { segs: ['ingest', 'volume'], path: 'ingest.volume', value: `${num(base.ingest.bytesPerSecond * factor)} B/s`, label: '' };
  const query: RawSet = { segs: ['query', 'scannedPerDay'], path: 'query.scannedPerDay', value: `${num(base.query.scannedBytesPerDay * queryFactor)} B`, label: '' };
  return [ingest, query];
}

/**
 * The scenario at `factor` x its ingest and `queryFactor` x its queries, its baseline scaled alike
 * (from its own workload): the documents with the scaled values, validated and normalised again (so
 * `mode: auto` re-chooses the mode), or, where that gives the same scenario (fastPathAllowed), the
 * ingest scaled in place on a working copy. The scenario returned may be reused: read it, do not keep it.
 */
export function scaler(src: Scalable): (factor: number, queryFactor: number) => Scenario {
  if (fastPathAllowed(src.base)) {
    const work = workingCopy(src.base);
    return (f, qf) => {
      scale(work, src.base, f, qf);
      if (work.baseline && src.base.baseline) scale(work.baseline, src.base.baseline, f, qf);
      return work;
    };
  }
  const bdoc = baselineDocumentOf(src.doc, src.base, src.file, src.read);
  const own = { ...src.doc, baseline: null };
  return (f, qf) => {
    const s = fromDocument(applyToDocument(own, scaleSets(src.base, f, qf)), src.file, src.read);
    const b = bdoc && src.base.baseline ? fromDocument(applyToDocument(bdoc, scaleSets(src.base.baseline, f, qf)), `${src.file} (baseline)`, src.read) : null;
    return b ? { ...s, baseline: b } : s;
  };
}

/** The scenario's baseline as a scenario growth scales on its own (`growth` against the baseline). */
function baselineSource(src: Scalable): Scalable | null {
  const doc = baselineDocumentOf(src.doc, src.base, src.file, src.read);
  return doc && src.base.baseline ? { base: src.base.baseline, doc, file: `${src.file} (baseline)`, read: src.read } : null;
}

const replicasOf = (p: SidePlan) => Object.fromEntries(p.topology.targets.map((t) => [t.name, t.replicas]));
const nodesOf = (p: SidePlan) => p.nodes.reduce((a, g) => a + g.count, 0);

export function forecast(src: Scalable, books: Books, o: GrowthOptions): MonthRow[] {
  const at = scaler(src);
  const rows: MonthRow[] = [];
  let prev: { p: SidePlan; b: SidePlan | null } | null = null;
  for (let m = 0; m <= o.months; m++) {
    // every month inside the ingest range `plan` covers: a shrinking forecast stops at the floor
    const bpd = src.base.ingest.bytesPerSecond * 86400 * (1 + o.rate) ** m;
    if (!within(bpd, LIMITS.ingestBytesPerDay.min, LIMITS.ingestBytesPerDay.max)) {
      throw new ModelLimitError(`${src.file}: --growth: month ${m}: ingest of ${perDay(bpd)} is ${OUTSIDE} (${perDay(LIMITS.ingestBytesPerDay.min)} to ${perDay(LIMITS.ingestBytesPerDay.max)}); ask for fewer --months or another rate`);
    }
    const e = evaluate(m === 0 ? src.base : at((1 + o.rate) ** m, (1 + o.queryRate) ** m), books, true);
    const p = e.side;
    const events: string[] = [];
    if (prev) {
      // mode: auto re-chooses the mode as the volume grows (each month is the document at that volume)
      if (prev.p.topology.mode !== p.topology.mode) events.push(`mode ${prev.p.topology.mode} -> ${p.topology.mode} (mode: auto at ${perDay(p.workload.bytesPerDay)})`);
      for (const t of p.topology.targets) {
        const before = prev.p.topology.targets.find((x) => x.name === t.name);
        if (before && before.replicas !== t.replicas) events.push(`${t.name} ${before.replicas} -> ${t.replicas} replicas`);
      }
      if (nodesOf(prev.p) !== nodesOf(p)) events.push(`nodes ${nodesOf(prev.p)} -> ${nodesOf(p)}`);
      if (prev.p.meetsTarget && !p.meetsTarget) {
        events.push(`stops meeting the target: ${p.topology.targets.filter((t) => !t.meetsTarget).map((t) => `${t.name}: ${t.verdict}`).join('; ')}`);
      }
      if (!prev.p.meetsTarget && p.meetsTarget) events.push('meets the target again');
      if (prev.b && e.baseline && prev.b.meetsTarget && !e.baseline.meetsTarget) events.push('the baseline stops meeting the target');
    } else if (!p.meetsTarget) {
      events.push(`does not meet the target: ${p.topology.targets.filter((t) => !t.meetsTarget).map((t) => t.name).join(', ')}`);
    }
    rows.push({
      month: m,
      bytesPerDay: p.workload.bytesPerDay,
      totalCents: totalCents(p.lines),
      meetsTarget: p.meetsTarget,
      replicas: replicasOf(p),
      nodes: nodesOf(p),
      baselineCents: e.baseline ? totalCents(e.baseline.lines) : null,
      baselineMeetsTarget: e.baseline ? e.baseline.meetsTarget : null,
      events,
    });
    prev = { p, b: e.baseline };
  }
  return rows;
}

export interface VolumeSearch {
  /** bytes/day searched, inclusive */
  fromBytesPerDay: number;
  toBytesPerDay: number;
  /** the scenario's own ingest, bytes/day */
  currentBytesPerDay: number;
  /** smallest volume above which the scenario no longer meets its target (null: meets it across the range) */
  scenarioLimit: Limit;
  otherLimit: Limit | null;
  /** volumes where the cheaper of scenario and other changes */
  crossings: Crossing[];
  otherName: string | null;
  /** which is cheaper at the low end of the range */
  cheaperAtStart: 'scenario' | 'other' | 'equal' | null;
  /** the search stopped below the requested top because the model stops covering a plan there */
  stopped: { requestedToBytesPerDay: number; why: string } | null;
}

export interface Limit {
  /** the volume where the target stops being met (null: never in range) */
  failsAboveBytesPerDay: number | null;
  /** the scenario does not meet its target even at the low end */
  failsEverywhere: boolean;
  /** the verdicts of the targets that fail there */
  why: string;
}

export interface Crossing {
  bytesPerDay: number;
  /** which side is cheaper above this volume */
  cheaperAbove: 'scenario' | 'other';
  scenarioCents: number;
  otherCents: number;
}

const PER_DECADE = 10;

/**
 * Something to break even against that is not a Loki scenario: its monthly cents at a volume of the
 * base scenario's workload (e.g. a managed log service, plan --alternatives). It has no capacity
 * limit of its own in this model.
 */
export interface PricedOther {
  name: string;
  cents(scaled: Scenario): number | null;
}

const isPricedOther = (o: Scalable | PricedOther | null): o is PricedOther => o !== null && typeof (o as PricedOther).cents === 'function';

/**
 * Search over ingest volume, from 1 GB/day to 100 TB/day by default. `other` is a scenario to compare
 * against (default: the scenario's baseline). Queries scale with ingest when `queryFollows`.
 */
export function volumeSearch(src: Scalable, books: Books, other: Scalable | PricedOther | null, queryFollows: boolean, from = 1e9, to = 1e14): VolumeSearch {
  const base = src.base;
  const priced = isPricedOther(other) ? other : null;
  // the other side: a scenario of its own, or the scenario's baseline (its document is the scenario's with the baseline's fields)
  const otherSrc: Scalable | null = priced ? null : ((other as Scalable | null) ?? baselineSource(src));
  const otherBase = otherSrc?.base ?? null;
  const mineAt = scaler(src);
  const otherAt = otherSrc ? scaler(otherSrc) : null;
  const baseBpd = base.ingest.bytesPerSecond * 86400;
  let lastLimit = '';
  const eval1 = (at: (f: number, qf: number) => Scenario, b: Scenario, bpd: number): { cents: number; meets: boolean; why: string } | null => {
    const f = bpd / (b.ingest.bytesPerSecond * 86400);
    try {
      const s = at(f, queryFollows ? f : 1);
      const p = evaluate(s, books, false).side;
      const why = p.meetsTarget ? '' : [...new Set(p.capacity.rows.filter((r) => r.status === 'fail').map((r) => `${r.target} with ${r.condition}: ${r.detail}`))].slice(0, 2).join('; ');
      return { cents: totalCents(p.lines), meets: p.meetsTarget, why };
    } catch (e) {
      // outside what the model covers at this volume (e.g. more than 1,000 replicas of a target)
      if (e instanceof ModelLimitError) {
        lastLimit = (e as Error).message;
        return null;
      }
      throw e;
    }
  };
  const mine = (v: number) => eval1(mineAt, base, v);
  const theirs = (v: number): { cents: number; meets: boolean; why: string } | null => {
    if (priced) {
      const f = v / baseBpd;
      let scaled: Scenario;
      try {
        scaled = mineAt(f, queryFollows ? f : 1);
      } catch (e) {
        if (e instanceof ModelLimitError) return null;
        throw e;
      }
      const cents = priced.cents(scaled);
      return cents === null ? null : { cents, meets: true, why: '' };
    }
    return otherAt && otherBase ? eval1(otherAt, otherBase, v) : null;
  };

  let n = Math.round(Math.log10(to / from) * PER_DECADE);
  let vols = Array.from({ length: n + 1 }, (_, i) => from * 10 ** (i / PER_DECADE));
  // bound the search by what the model covers: stop at the last volume where both sides can be planned
  let stopped: VolumeSearch['stopped'] = null;
  const covered = (v: number) => mine(v) !== null && (priced || !otherAt ? true : theirs(v) !== null);
  const firstOut = vols.findIndex((v) => !covered(v));
  if (firstOut > 0) {
    stopped = { requestedToBytesPerDay: to, why: lastLimit || 'outside what the model covers' };
    const lo = vols[firstOut - 1]!;
    const hi = vols[firstOut]!;
    let a = lo;
    let b = hi;
    for (let i = 0; i < 40 && b / a > 1.001; i++) {
      const mid = Math.sqrt(a * b);
      if (covered(mid)) a = mid;
      else b = mid;
    }
    to = a;
    vols = [...vols.slice(0, firstOut), ...(a > lo ? [a] : [])];
    n = vols.length - 1;
  }
  const bisect = (lo: number, hi: number, pred: (v: number) => boolean): number => {
    // pred(lo) false, pred(hi) true: the smallest volume (to 0.1%) where pred holds
    for (let i = 0; i < 60 && hi / lo > 1.001; i++) {
      const mid = Math.sqrt(lo * hi);
      if (pred(mid)) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  const limit = (f: (v: number) => { meets: boolean; why: string } | null): Limit => {
    const first = f(vols[0]!);
    if (!first || !first.meets) return { failsAboveBytesPerDay: null, failsEverywhere: true, why: first?.why ?? 'outside what the model covers' };
    for (let i = 1; i < vols.length; i++) {
      const r = f(vols[i]!);
      if (!r || !r.meets) {
        const at = bisect(vols[i - 1]!, vols[i]!, (v) => !(f(v)?.meets ?? false));
        return { failsAboveBytesPerDay: at, failsEverywhere: false, why: f(at)?.why ?? 'outside what the model covers' };
      }
    }
    return { failsAboveBytesPerDay: null, failsEverywhere: false, why: '' };
  };

  const crossings: Crossing[] = [];
  let cheaperAtStart: VolumeSearch['cheaperAtStart'] = null;
  if (otherAt || priced) {
    const sign = (v: number): number | null => {
      const a = mine(v);
      const b = theirs(v);
      if (!a || !b) return null;
      return Math.sign(a.cents - b.cents);
    };
    let prevSign: number | null = null;
    let prevV = 0;
    for (const v of vols) {
      const s = sign(v);
      if (s === null || s === 0) continue;
      if (prevSign === null) cheaperAtStart = s < 0 ? 'scenario' : 'other';
      else if (s !== prevSign) {
        const at = bisect(prevV, v, (x) => (sign(x) ?? prevSign!) === s);
        crossings.push({ bytesPerDay: at, cheaperAbove: s < 0 ? 'scenario' : 'other', scenarioCents: mine(at)!.cents, otherCents: theirs(at)!.cents });
      }
      prevSign = s;
      prevV = v;
    }
  }
  return {
    fromBytesPerDay: from,
    toBytesPerDay: to,
    stopped,
    currentBytesPerDay: baseBpd,
    scenarioLimit: limit(mine),
    otherLimit: otherAt ? limit(theirs) : null,
    crossings,
    otherName: priced ? priced.name : otherBase ? otherBase.name : null,
    cheaperAtStart,
  };
}

export const perDay = (bpd: number): string => `${fmtBytes(bpd, false)}/day`;
