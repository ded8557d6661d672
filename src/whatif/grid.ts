/**
 * Sweep grids: axes of raw field values, the cross product of them, and an evaluator that plans
 * each point without holding plans. Each distinct axis value is loaded and normalised once; grid
 * points are built by copying the fields it decides into one working scenario (fast mappings),
 * or, when an axis has no fast mapping, two axes decide the same field or `mode: auto` chooses the
 * mode (fastPathAllowed), by loading the whole document per point. Pure apart from the injected file reader.
 */
import { planSide, type PriceBooks } from '../model/plan.js';
import type { PriceBook } from '../model/prices.js';
import { DEFAULT_PROFILE } from '../model/profiles.js';
import type { Scenario, SidePlan } from '../model/types.js';
import type { ReadText } from '../scenario/load.js';
import { applyMapping, disjoint, fastPathAllowed, getRaw, mappingFor, resolvePath, withValues, workingCopy, type Mapping, type Seg } from './fields.js';
import { parseAxisValues, splitAssignment, WhatIfError, type RawValue } from './values.js';

type Obj = Record<string, unknown>;

export interface Axis {
  /** the path as the user wrote it */
  name: string;
  path: string;
  segs: Seg[];
  values: RawValue[];
  mapping: Mapping | null;
  /** the scenario normalised with each value (fast mode only) */
  scenarios: Scenario[];
}

export interface Grid {
  axes: Axis[];
  points: number;
  fast: boolean;
  base: Scenario;
  doc: Obj;
  file: string;
  read: ReadText;
}

export const DEFAULT_MAX_POINTS = 100_000;

/** Parse `--vary` specs, check the grid size, and normalise each distinct value once. */
export function buildGrid(doc: Obj, file: string, read: ReadText, specs: string[], maxPoints = DEFAULT_MAX_POINTS): Grid {
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new WhatIfError(`--max-points must be a positive whole number, got ${maxPoints}`);
  if (specs.length === 0) throw new WhatIfError('sweep needs at least one --vary FIELD=VALUES, e.g. --vary retention=7,14,30,90');
  const seen = new Set<string>();
  const base = withValues(doc, file, read, [], 'scenario');
  const axes: Axis[] = specs.map((spec) => {
    const { path, value } = splitAssignment('--vary', spec);
    const r = resolvePath(path);
    if (seen.has(r.path)) throw new WhatIfError(`--vary ${path}: the field is varied twice`);
    seen.add(r.path);
    const values = parseAxisValues(value, getRaw(doc, r.segs), `--vary ${path}`, maxPoints);
    return { name: path, path: r.path, segs: r.segs, values, mapping: mappingFor(r.segs, base.deployment.mode), scenarios: [] };
  });
  let points = 1;
  for (const a of axes) points *= a.values.length;
  if (points > maxPoints) {
    throw new WhatIfError(
      `the grid has ${points.toLocaleString('en-US')} points (${axes.map((a) => a.values.length).join(' x ')}), more than --max-points ${maxPoints}; narrow a range or raise --max-points`,
    );
  }
  const fast = fastPathAllowed(base) && axes.every((a) => a.mapping !== null) && disjoint(axes.map((a) => a.mapping!));
  // normalise every distinct value once: this validates each value (unknown field, bad unit) up front
  for (const a of axes) {
    for (const v of a.values) {
      const s = withValues(doc, file, read, [{ segs: a.segs, path: a.path, value: v.value, label: v.label }], '--vary');
      if (fast) a.scenarios.push(s);
    }
  }
  return { axes, points, fast, base, doc, file, read };
}

/**
 * Visit every point in order (the first axis slowest). `visit` gets the value indexes and a
 * scenario that is reused between points: read it, do not keep it.
 */
export function forEachPoint(g: Grid, visit: (idx: Int32Array, s: Scenario) => void): void {
  const n = g.axes.length;
  const idx = new Int32Array(n);
  const work = g.fast ? workingCopy(g.base) : null;
  if (work) for (let a = 0; a < n; a++) applyMapping(work, g.axes[a]!.scenarios[0]!, g.axes[a]!.mapping!);
  for (let p = 0; p < g.points; p++) {
    if (p > 0) {
      // odometer: bump the last axis, carry leftwards; re-apply only the axes that changed
      let a = n - 1;
      while (a >= 0) {
        idx[a]!++;
        if (idx[a]! < g.axes[a]!.values.length) break;
        idx[a] = 0;
        if (work) applyMapping(work, g.axes[a]!.scenarios[0]!, g.axes[a]!.mapping!);
        a--;
      }
      if (work) applyMapping(work, g.axes[a]!.scenarios[idx[a]!]!, g.axes[a]!.mapping!);
    }
    if (work) visit(idx, work);
    else {
      const sets = g.axes.map((ax, i) => ({ segs: ax.segs, path: ax.path, value: ax.values[idx[i]!]!.value, label: ax.values[idx[i]!]!.label }));
      visit(idx, withValues(g.doc, g.file, g.read, sets, '--vary'));
    }
  }
}

/** Price books cached per region (a book builds its prices lazily and caches them). */
export function cachedBooks(books: PriceBooks): (region: string) => PriceBook {
  const cache = new Map<string, PriceBook>();
  return (r) => {
    let b = cache.get(r);
    if (!b) cache.set(r, (b = books(r)));
    return b;
  };
}

export interface Evaluated {
  side: SidePlan;
  baseline: SidePlan | null;
}

/**
 * Plan one scenario, its baseline only when asked (sweeps and Monte Carlo usually skip it). What-if
 * outputs read figures, counts and verdicts, never a line's words: the lines carry no descriptions.
 */
export function evaluate(s: Scenario, books: (region: string) => PriceBook, withBaseline: boolean): Evaluated {
  const side = planSide(s, books(s.region), DEFAULT_PROFILE, false);
  const baseline = withBaseline && s.baseline ? planSide(s.baseline, books(s.baseline.region), DEFAULT_PROFILE, false) : null;
  return { side, baseline };
}
