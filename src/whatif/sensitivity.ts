/**
 * One-at-a-time sensitivity: for each uncertain input, the monthly cost at its low and its high
 * value with everything else as in the scenario, sorted by swing (largest first).
 *
 * Default ranges (override any with `--range FIELD=LOW..HIGH`, add others the same way):
 * - storage.compressionRatio: x0.6 to x1.6 of the scenario's value (5 -> 3..8; Loki docs: 5-10x),
 *   never below 1 unless the scenario is
 * - storage.storedCopies: 1 (perfect replica dedupe) to the replication factor (no dedupe)
 * - ingest.avgLineSize: x0.5 to x2 (only when ingest is given as rate and line size)
 * - ingest.peakFactor: 1 (flat) to x2
 * - spotPrice: the ec2.spot.* prices x0.5 to x1.5, never above on-demand (spot discounts vary
 *   50-75% for these families); only when some replicas run on spot nodes
 * - query.scannedPerDay: x0.5 to x2 (skipped when the scenario has no queries)
 * - query.ingesterShare and query.selectivity (lokiplan's estimates of the query traffic between
 *   zones): x0.5 to x2, at most 100%; only with more than one zone
 * - each price override in the scenario: x0.75 to x1.25
 */
import { MODES } from '../model/modes/index.js';
import { sizeCandidates } from '../model/instances.js';
import { PriceKeys, type PriceBook } from '../model/prices.js';
import { CATEGORIES, type Scenario } from '../model/types.js';
import { roundTotals } from '../text/money.js';
import type { ReadText } from '../scenario/load.js';
import { getRaw, resolvePath, withValues, type Seg } from './fields.js';
import { evaluate } from './grid.js';
import type { PricedOther } from './growth.js';
import { parseLowHigh, rawOf, splitAssignment, WhatIfError, type RawValue } from './values.js';

type Obj = Record<string, unknown>;

interface Set1 {
  segs: Seg[];
  path: string;
  value: unknown;
  label: string;
}

export interface SensitivityInput {
  /** field path, or `spotPrice` */
  name: string;
  description: string;
  low: { label: string; sets: Set1[] };
  high: { label: string; sets: Set1[] };
  source: 'default' | 'user';
}

export interface SensitivityRow {
  name: string;
  description: string;
  lowLabel: string;
  highLabel: string;
  lowCents: number;
  highCents: number;
  swingCents: number;
  lowMeetsTarget: boolean;
  highMeetsTarget: boolean;
  source: 'default' | 'user';
}

export interface SensitivityResult {
  scenario: string;
  baseCents: number;
  baseMeetsTarget: boolean;
  rows: SensitivityRow[];
  /** the same inputs moved for the managed and SaaS alternatives (sensitivity --alternatives) */
  alternatives?: AlternativeSensitivity[];
}

export interface AlternativeSensitivity {
  name: string;
  baseCents: number | null;
  /** per input, in the order of `rows`: the alternative's cents at the input's low and high */
  rows: { name: string; lowCents: number | null; highCents: number | null }[];
}

const clean = (x: number) => Number(x.toPrecision(6));

function fieldInput(doc: Obj, name: string, description: string, low: RawValue, high: RawValue, source: 'default' | 'user'): SensitivityInput {
  const r = resolvePath(name);
  const set = (v: RawValue): Set1[] => [{ segs: r.segs, path: r.path, value: v.value, label: v.label }];
  return { name: r.path, description, low: { label: low.label, sets: set(low) }, high: { label: high.label, sets: set(high) }, source };
}

const numeric = (n: number, unit: string, current: unknown): RawValue => ({
  label: unit ? (unit === '%' ? `${n}%` : `${n} ${unit}`) : String(n),
  value: rawOf(n, unit, current),
});

/** The spot price multiplier as price overrides on every allowed instance type's spot price. */
function spotInput(s: Scenario, book: PriceBook, lowM: number, highM: number, source: 'default' | 'user'): SensitivityInput {
  const at = (m: number) => {
    const sets: Set1[] = [];
    let off = '';
    // every candidate type placement may choose for spot: the listed ones and the priced family sizes
    const listed = new Set(s.compute.instanceTypes);
    for (const t of sizeCandidates(s.compute.instanceTypes, s.compute.instanceSizes)) {
      if (!listed.has(t) && !(book.has(PriceKeys.ec2Spot(t)) && book.has(PriceKeys.ec2OnDemand(t)))) continue;
      const spot = book.get(PriceKeys.ec2Spot(t)).tiers[0]!.value;
      const od = book.get(PriceKeys.ec2OnDemand(t)).tiers[0]!.value;
      const v = Math.min(od, spot * m);
      const key = PriceKeys.ec2Spot(t);
      sets.push({ segs: ['prices', 'overrides', key], path: `prices.overrides.${key}`, value: v.toFixed(6).replace(/\.?0+$/, ''), label: String(v) });
      if (!off) off = `${Math.round((1 - v / od) * 100)}% off on-demand`;
    }
    return { label: `x${m} (${off})`, sets };
  };
  return { name: 'spotPrice', description: 'spot price (ec2.spot.* for the allowed instance types)', low: at(lowM), high: at(highM), source };
}

export function defaultInputs(doc: Obj, s: Scenario, book: PriceBook): SensitivityInput[] {
  const out: SensitivityInput[] = [];
  const cr = s.storage.compressionRatio;
  const crLow = cr >= 1 ? Math.max(1, clean(cr * 0.6)) : clean(cr * 0.6);
  out.push(fieldInput(doc, 'storage.compressionRatio', 'chunk compression ratio', numeric(crLow, '', 0), numeric(clean(cr * 1.6), '', 0), 'default'));
  if (MODES[s.deployment.mode].objectStore === 's3' && s.deployment.replicationFactor > 1) {
    out.push(fieldInput(doc, 'storage.storedCopies', 'chunk copies stored after dedupe', numeric(1, '', 0), numeric(s.deployment.replicationFactor, '', 0), 'default'));
  }
  if (s.ingest.avgLineBytes !== null) {
    const b = s.ingest.avgLineBytes;
    out.push(fieldInput(doc, 'ingest.avgLineSize', 'average log line size (ingest volume with it)', numeric(clean(b * 0.5), 'B', ''), numeric(clean(b * 2), 'B', ''), 'default'));
  }
  out.push(fieldInput(doc, 'ingest.peakFactor', 'peak over average ingest', numeric(1, '', 0), numeric(clean(s.ingest.peakFactor * 2), '', 0), 'default'));
  const spotUsed = s.compute.pricing === 'nodes' && Object.values(s.compute.spot).some((f) => f > 0);
  if (spotUsed) out.push(spotInput(s, book, 0.5, 1.5, 'default'));
  if (s.query.scannedBytesPerDay > 0) {
    const q = s.query.scannedBytesPerDay;
    const [div, unit] = q * 0.5 >= 1e12 ? [1e12, 'TB'] : [1e9, 'GB'];
    out.push(fieldInput(doc, 'query.scannedPerDay', 'raw bytes scanned by queries a day', numeric(clean((q * 0.5) / div), unit, ''), numeric(clean((q * 2) / div), unit, ''), 'default'));
  }
  if (s.query.scannedBytesPerDay > 0 && MODES[s.deployment.mode].spreadsZones && s.deployment.zones > 1) {
    const pct = (f: number) => numeric(clean(Math.min(1, f) * 100), '%', '');
    out.push(fieldInput(doc, 'query.ingesterShare', 'share of scanned bytes read from ingesters (recent)', pct(s.query.ingesterShare * 0.5), pct(s.query.ingesterShare * 2), 'default'));
    out.push(fieldInput(doc, 'query.selectivity', 'share of scanned lines sent back to queriers', pct(s.query.selectivity * 0.5), pct(s.query.selectivity * 2), 'default'));
  }
  for (const [k, usd] of Object.entries(s.priceOverrides)) {
    const v = Number(usd);
    out.push(fieldInput(doc, `prices.overrides.${k}`, `price override ${k}`, numeric(clean(v * 0.75), '', 0), numeric(clean(v * 1.25), '', 0), 'default'));
  }
  return out;
}

/** `--range FIELD=LOW..HIGH` (or `spotPrice=0.5..1.5`, a multiplier). */
export function userInput(doc: Obj, s: Scenario, book: PriceBook, spec: string): SensitivityInput {
  const { path, value } = splitAssignment('--range', spec);
  if (path === 'spotPrice') {
    const r = parseLowHigh(value, 1, `--range ${path}`);
    if (r.mode) throw new WhatIfError(`--range ${path}: give low..high`);
    const lo = Number(r.low.value);
    const hi = Number(r.high.value);
    if (!(lo > 0)) throw new WhatIfError(`--range spotPrice: multipliers must be greater than 0, got ${r.low.label}`);
    return spotInput(s, book, lo, hi, 'user');
  }
  const res = resolvePath(path);
  const r = parseLowHigh(value, getRaw(doc, res.segs), `--range ${path}`);
  if (r.mode) throw new WhatIfError(`--range ${path}: give low..high (a mode is for uncertainty)`);
  return fieldInput(doc, path, `${res.path} (user range)`, r.low, r.high, 'user');
}

export function sensitivity(
  doc: Obj,
  file: string,
  read: ReadText,
  books: (region: string) => PriceBook,
  base: Scenario,
  inputs: SensitivityInput[],
  others: readonly PricedOther[] = [],
): SensitivityResult {
  const cents = (s: Scenario) => {
    const e = evaluate(s, books, false);
    return { cents: roundTotals(e.side.lines, CATEGORIES).total, meets: e.side.meetsTarget };
  };
  const b = cents(base);
  const rows = inputs.map((inp): SensitivityRow => {
    const lo = cents(withValues(doc, file, read, inp.low.sets, '--range'));
    const hi = cents(withValues(doc, file, read, inp.high.sets, '--range'));
    return {
      name: inp.name,
      description: inp.description,
      lowLabel: inp.low.label,
      highLabel: inp.high.label,
      lowCents: lo.cents,
      highCents: hi.cents,
      swingCents: Math.abs(hi.cents - lo.cents),
      lowMeetsTarget: lo.meets,
      highMeetsTarget: hi.meets,
      source: inp.source,
    };
  });
  rows.sort((x, y) => y.swingCents - x.swingCents || x.name.localeCompare(y.name));
  const byName = new Map(inputs.map((i) => [i.name, i]));
  const alternatives = others.map((o): AlternativeSensitivity => ({
    name: o.name,
    baseCents: o.cents(base),
    rows: rows.map((r) => {
      const inp = byName.get(r.name)!;
      return { name: r.name, lowCents: o.cents(withValues(doc, file, read, inp.low.sets, '--range')), highCents: o.cents(withValues(doc, file, read, inp.high.sets, '--range')) };
    }),
  }));
  return { scenario: base.name, baseCents: b.cents, baseMeetsTarget: b.meets, rows, ...(others.length ? { alternatives } : {}) };
}

/** Defaults, with user ranges replacing a default of the same field or added after them. */
export function sensitivityInputs(doc: Obj, s: Scenario, book: PriceBook, ranges: string[]): SensitivityInput[] {
  const inputs = defaultInputs(doc, s, book);
  for (const spec of ranges) {
    const u = userInput(doc, s, book, spec);
    const i = inputs.findIndex((x) => x.name === u.name);
    if (i >= 0) inputs[i] = u;
    else inputs.push(u);
  }
  return inputs;
}
