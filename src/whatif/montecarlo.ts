/**
 * Monte Carlo over uncertain inputs: seeded (mulberry32, never Math.random), so the same seed gives
 * the same samples and the same percentiles. Inputs are numeric scenario fields given as
 *   `5..10`                                 uniform between 5 and 10
 *   `5..7..10`                              triangular: min 5, mode 7, max 10
 *   `{ dist: uniform, min: 5, max: 10 }` or `{ dist: triangular, min: 5, mode: 7, max: 10 }`
 * with units where the field has them (`1 TB/day..3 TB/day`). They come from the scenario's
 * `uncertainty:` block or `--input FIELD=SPEC` flags. Each end is loaded and normalised in full
 * once (so it is validated like any scenario value); samples are drawn in normalised units, which
 * every sampled field maps to linearly. Each sample is the document with the sampled values set,
 * validated and normalised again (fields.ts `withValues`), unless every input has a fast mapping
 * and `fastPathAllowed` (no `mode: auto`): then the values are set on one working scenario.
 */
import type { PriceBook } from '../model/prices.js';
import type { Scenario } from '../model/types.js';
import { totalCents } from '../text/money.js';
import type { ReadText } from '../scenario/load.js';
import { targetsForName } from '../model/modes/switch.js';
import { disjoint, fastPathAllowed, getRaw, mappingFor, resolvePath, withValues, workingCopy, type RawSet, type Scalar, type Seg } from './fields.js';
import { evaluate } from './grid.js';
import type { PricedOther } from './growth.js';
import { numUnit, parseLowHigh, rawOf, splitAssignment, WhatIfError, type RawValue } from './values.js';

type Obj = Record<string, unknown>;

/** mulberry32: a small, fast, seeded 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Dist = { kind: 'uniform'; min: number; max: number } | { kind: 'triangular'; min: number; mode: number; max: number };

/** Inverse CDF: a value of the distribution for u in [0, 1). */
export function draw(d: Dist, u: number): number {
  if (d.kind === 'uniform') return d.min + u * (d.max - d.min);
  const { min: a, mode: c, max: b } = d;
  if (b === a) return a;
  const f = (c - a) / (b - a);
  return u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
}

export interface UncertainInput {
  name: string;
  path: string;
  spec: string;
  dist: Dist;
  /** sets a sampled (normalised) value on a working scenario: the fast path, null when the field has none */
  scalar: Scalar | null;
  /** the raw value that normalises to a sampled value: the full path */
  raw: (v: number) => RawSet;
  /** labels of the ends as written */
  labels: { min: string; mode: string | null; max: string };
}

const SCALAR_FIELDS =
  'retention, ingest.volume, ingest.rate, ingest.avgLineSize, ingest.peakFactor, storage.compressionRatio, storage.storedCopies, storage.chunkSize, query.scannedPerDay, query.peakFactor, compute.spot.<target>, compute.nodeRootVolume, platform.eksClusterShare, prices.overrides.<key>, hoursPerMonth';

/** A spec from the `uncertainty:` block (string or object) or a flag (string) to low/mode/high raw values. */
function parseSpec(spec: unknown, current: unknown, what: string): { low: RawValue; mode: RawValue | null; high: RawValue; kind: Dist['kind']; text: string } {
  if (typeof spec === 'number') throw new WhatIfError(`${what}: a single value is not uncertain; give min..max or min..mode..max`);
  if (typeof spec === 'string') {
    const m = /^\s*(uniform|triangular)\s*:\s*(.*)$/.exec(spec);
    const body = m ? m[2]! : spec;
    const r = parseLowHigh(body, current, what);
    const kind = m ? (m[1] as Dist['kind']) : r.mode ? 'triangular' : 'uniform';
    if (kind === 'triangular' && !r.mode) throw new WhatIfError(`${what}: triangular needs min..mode..max, got ${JSON.stringify(spec)}`);
    if (kind === 'uniform' && r.mode) throw new WhatIfError(`${what}: uniform needs min..max, got ${JSON.stringify(spec)}`);
    return { ...r, kind, text: spec };
  }
  if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
    const o = spec as Obj;
    const known = ['dist', 'min', 'mode', 'max'];
    const extra = Object.keys(o).find((k) => !known.includes(k));
    if (extra) throw new WhatIfError(`${what}.${extra}: unknown field; a distribution has dist, min, mode (triangular) and max`);
    const kind = o['dist'] ?? (o['mode'] !== undefined ? 'triangular' : 'uniform');
    if (kind !== 'uniform' && kind !== 'triangular') throw new WhatIfError(`${what}.dist: one of uniform, triangular; got ${JSON.stringify(o['dist'])}`);
    if (o['min'] === undefined || o['max'] === undefined) throw new WhatIfError(`${what}: needs min and max`);
    if (kind === 'triangular' && o['mode'] === undefined) throw new WhatIfError(`${what}: triangular needs mode`);
    if (kind === 'uniform' && o['mode'] !== undefined) throw new WhatIfError(`${what}: uniform has no mode`);
    const parts = kind === 'triangular' ? [o['min'], o['mode'], o['max']] : [o['min'], o['max']];
    const text = parts.map((p) => String(p)).join('..');
    const r = parseLowHigh(text, current, what);
    return { ...r, kind, text: `${kind}: ${text}` };
  }
  throw new WhatIfError(`${what}: expected min..max, min..mode..max or { dist, min, mode, max }, got ${JSON.stringify(spec)}`);
}

export function uncertainInput(doc: Obj, file: string, read: ReadText, name: string, spec: unknown, origin: string): UncertainInput {
  const what = `${origin} ${name}`;
  const r = resolvePath(name);
  const base = withValues(doc, file, read, [], origin);
  const m = mappingFor(r.segs, base.deployment.mode);
  const isSpot = r.segs[0] === 'compute' && r.segs[1] === 'spot' && r.segs.length === 3;
  // the normalised value of the field: a spot share named by a role is the share of the targets it reaches
  const get: ((s: Scenario) => number) | null = m?.scalar
    ? m.scalar.get
    : isSpot
      ? (s) => Math.max(0, ...(targetsForName(s.deployment.mode, String(r.segs[2])) ?? []).map((t) => s.compute.spot[t] ?? 0))
      : null;
  if (!get) throw new WhatIfError(`${what}: cannot be sampled; uncertain inputs are numeric fields: ${SCALAR_FIELDS}`);
  const current = getRaw(doc, r.segs);
  const p = parseSpec(spec, current, what);
  const norm = (v: RawValue) => get(withValues(doc, file, read, [{ segs: r.segs, path: r.path, value: v.value, label: v.label }], origin));
  const min = norm(p.low);
  const max = norm(p.high);
  if (min > max) throw new WhatIfError(`${what}: range ${JSON.stringify(p.text)} is inverted`);
  const dist: Dist = p.mode ? { kind: 'triangular', min, mode: norm(p.mode), max } : { kind: 'uniform', min, max };
  // normalised = k x the raw number, in the unit the ends are written in
  const ends = [p.low, p.high].map((v) => ({ nu: numUnit(String(v.value)), n: norm(v) }));
  const unit = ends[0]!.nu?.unit ?? '';
  const k = ends.map((e) => (e.nu && e.nu.n !== 0 ? e.n / e.nu.n : null)).find((x) => x !== null) ?? 1;
  const raw = (v: number): RawSet => {
    const n = Number((v / k).toPrecision(15));
    const value = r.path.startsWith('prices.overrides.') ? n.toFixed(10).replace(/\.?0+$/, '') : rawOf(n, unit, current);
    return { segs: r.segs, path: r.path, value, label: String(value) };
  };
  return { name, path: r.path, spec: p.text, dist, scalar: m?.scalar ?? null, raw, labels: { min: p.low.label, mode: p.mode?.label ?? null, max: p.high.label } };
}

/** Inputs from the scenario's `uncertainty:` block, then `--input` flags (a flag replaces the same field). */
export function uncertainInputs(doc: Obj, file: string, read: ReadText, flags: string[]): UncertainInput[] {
  const out: UncertainInput[] = [];
  const block = doc['uncertainty'];
  if (block !== undefined && block !== null) {
    if (typeof block !== 'object' || Array.isArray(block)) throw new WhatIfError(`${file}: uncertainty: expected a mapping of field: distribution`);
    for (const [k, v] of Object.entries(block as Obj)) out.push(uncertainInput(doc, file, read, k, v, `${file}: uncertainty:`));
  }
  for (const f of flags) {
    const { path, value } = splitAssignment('--input', f);
    const inp = uncertainInput(doc, file, read, path, value, '--input');
    const i = out.findIndex((x) => x.path === inp.path);
    if (i >= 0) out[i] = inp;
    else out.push(inp);
  }
  if (out.length === 0) {
    throw new WhatIfError(`${file}: no uncertain inputs; add an uncertainty: block to the scenario or --input FIELD=MIN..MAX (e.g. --input storage.compressionRatio=5..10)`);
  }
  const mode = withValues(doc, file, read, [], 'scenario').deployment.mode;
  const maps = out.map((x) => mappingFor(resolvePath(x.path).segs, mode) ?? { writes: [resolvePath(x.path).segs as Seg[]] });
  if (!disjoint(maps)) throw new WhatIfError(`uncertain inputs ${out.map((x) => x.path).join(', ')} set the same normalised field (e.g. ingest.rate and ingest.volume); sample only one of them`);
  return out;
}

export interface MonteCarloResult {
  scenario: string;
  seed: number;
  samples: number;
  inputs: { name: string; spec: string; dist: Dist['kind'] }[];
  /** monthly totals in cents, ascending */
  sorted: Float64Array;
  p10: number;
  p50: number;
  p90: number;
  mean: number;
  min: number;
  max: number;
  meetsTargetShare: number;
  baseCents: number;
  /** the same samples priced elsewhere (uncertainty --alternatives) */
  alternatives?: { name: string; p10: number; p50: number; p90: number; lokiCheaperShare: number }[];
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const i = Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1));
  return sorted[i]!;
}

export const MAX_SEED = 2 ** 32 - 1;

/** The document a sample is applied to (the full path): what `withValues` loads. */
export interface SampleDocument {
  doc: Obj;
  file: string;
  read: ReadText;
}

/** True when every input sets its value on a working scenario exactly as the document would (see fastPathAllowed). */
export const monteCarloFast = (base: Scenario, inputs: readonly UncertainInput[]): boolean => fastPathAllowed(base) && inputs.every((i) => i.scalar !== null);

export function monteCarlo(
  base: Scenario,
  books: (region: string) => PriceBook,
  inputs: UncertainInput[],
  samples: number,
  seed: number,
  others: readonly PricedOther[] = [],
  /** called after each sample with the number done (progress at the edge) */
  onSample: (done: number) => void = () => {},
  /** the scenario's document: samples are applied to it and normalised again unless monteCarloFast */
  source: SampleDocument | null = null,
): MonteCarloResult {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new WhatIfError(`--seed must be a whole number from 0 to ${MAX_SEED}, got ${seed}`);
  if (!Number.isInteger(samples) || samples < 1) throw new WhatIfError(`--samples must be a positive whole number, got ${samples}`);
  const rng = mulberry32(seed);
  const fast = monteCarloFast(base, inputs);
  if (!fast && !source) throw new Error('monteCarlo: this scenario is sampled through its document (mode: auto or a field without a fast mapping); pass the document');
  const work = workingCopy(base);
  work.baseline = null;
  const sample = (): Scenario => {
    if (fast) {
      for (const inp of inputs) inp.scalar!.set(work, draw(inp.dist, rng()));
      return work;
    }
    const sets = inputs.map((inp) => inp.raw(draw(inp.dist, rng())));
    const s = withValues(source!.doc, source!.file, source!.read, sets, '--input');
    s.baseline = null;
    return s;
  };
  const totals = new Float64Array(samples);
  const otherTotals = others.map(() => new Float64Array(samples));
  const lokiCheaper = others.map(() => 0);
  let meets = 0;
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    const at = sample();
    const e = evaluate(at, books, false);
    const c = totalCents(e.side.lines);
    totals[i] = c;
    sum += c;
    others.forEach((o, k) => {
      // the same sample of the workload priced elsewhere; a service the model cannot price there counts as dearer
      const oc = o.cents(at) ?? Infinity;
      otherTotals[k]![i] = oc;
      if (c < oc) lokiCheaper[k]!++;
    });
    if (e.side.meetsTarget) meets++;
    onSample(i + 1);
  }
  const baseCents = totalCents(evaluate(base, books, false).side.lines);
  totals.sort();
  return {
    scenario: base.name,
    seed,
    samples,
    inputs: inputs.map((x) => ({ name: x.path, spec: x.spec, dist: x.dist.kind })),
    sorted: totals,
    p10: percentile(totals, 0.1),
    p50: percentile(totals, 0.5),
    p90: percentile(totals, 0.9),
    mean: Math.round(sum / samples),
    min: totals[0]!,
    max: totals[samples - 1]!,
    meetsTargetShare: meets / samples,
    baseCents,
    ...(others.length
      ? {
          alternatives: others.map((o, k) => {
            const t = otherTotals[k]!.sort();
            return { name: o.name, p10: percentile(t, 0.1), p50: percentile(t, 0.5), p90: percentile(t, 0.9), lokiCheaperShare: lokiCheaper[k]! / samples };
          }),
        }
      : {}),
  };
}
