/**
 * What-if value syntax, shared by sweep, sensitivity and uncertainty:
 *   lists   `7,14,30,90` or `7,14,30 days` (a bare number takes the unit of the next item that has
 *           one, else the unit of the field's current value), `simple-scalable,monolithic`, `[a, b]`
 *   ranges  `0..100%:25%` (inclusive, with a step) for sweeps; `5..10` (low..high) for sensitivity
 *           and uniform distributions; `5..7..10` (min..mode..max) for triangular distributions.
 * Pure: no I/O. Errors are WhatIfError (exit 2).
 */
import { parse as parseYaml } from 'yaml';
import { LokiplanError } from '../errors.js';

/** Bad what-if input (a flag's value, a path, an uncertainty block): one clear line, exit 2. */
export class WhatIfError extends LokiplanError {
  override name = 'WhatIfError';
}

/** One value for a raw scenario field, with the label shown in reports. */
export interface RawValue {
  label: string;
  value: unknown;
}

const NUM_RE = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*)$/;

interface NumUnit {
  n: number;
  unit: string;
}

export function numUnit(s: string): NumUnit | null {
  const m = NUM_RE.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return null;
  return { n, unit: m[2]!.trim() };
}

/** The unit of a field's current raw value ("30 days" -> "days", "100%" -> "%", 5 -> ""). */
export function unitOf(current: unknown): string {
  if (typeof current !== 'string') return '';
  return numUnit(current)?.unit ?? '';
}

/** Split on commas that are not inside brackets or braces. */
export function splitTop(s: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim());
}

/** A number with a unit as the raw field value: a bare number stays a number, else "N unit". */
export function rawOf(n: number, unit: string, current: unknown): unknown {
  if (unit === '') return typeof current === 'string' ? String(n) : n;
  return unit === '%' ? `${n}%` : `${n} ${unit}`;
}

const clean = (x: number) => Number(x.toPrecision(12));

function scalarItem(item: string, unit: string, current: unknown, what: string): RawValue {
  if (item === '') throw new WhatIfError(`${what}: empty value`);
  if (item.startsWith('[') || item.startsWith('{')) {
    try {
      return { label: item, value: parseYaml(item) };
    } catch (e) {
      throw new WhatIfError(`${what}: cannot parse ${JSON.stringify(item)}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  if (item === 'true' || item === 'false') return { label: item, value: item === 'true' };
  const nu = numUnit(item);
  if (!nu) return { label: item, value: item };
  const u = nu.unit || unit;
  return { label: u ? (u === '%' ? `${nu.n}%` : `${nu.n} ${u}`) : String(nu.n), value: rawOf(nu.n, u, current) };
}

/**
 * The values of one sweep axis: a list or a range with a step. `current` is the field's value in
 * the scenario (for the unit of bare numbers).
 */
export function parseAxisValues(spec: string, current: unknown, what: string, maxValues = 1e7): RawValue[] {
  const s = spec.trim();
  if (s === '') throw new WhatIfError(`${what}: empty value list; give e.g. 7,14,30 or 0..100%:25%`);
  const range = /^(.+?)\.\.(.+?)(?::(.+))?$/.exec(s);
  if (range && !s.startsWith('[') && !s.startsWith('{')) {
    const [, a, b, st] = range;
    const lo = numUnit(a!);
    const hi = numUnit(b!);
    if (!lo || !hi) throw new WhatIfError(`${what}: range ${JSON.stringify(s)} needs numbers at both ends, e.g. 0..100%:25%`);
    if (st === undefined) throw new WhatIfError(`${what}: range ${JSON.stringify(s)} needs a step, e.g. ${a}..${b}:${clean((hi.n - lo.n) / 4) || 1}${hi.unit === '%' ? '%' : ''}`);
    const step = numUnit(st);
    if (!step) throw new WhatIfError(`${what}: step ${JSON.stringify(st)} is not a number`);
    // a unit on the step alone, other than the field's own, is ambiguous: for retention: 30 days, 7..180:1 week could mean days in steps of a week, or 7 to 180 weeks
    const own = unitOf(current);
    if (step.unit && !lo.unit && !hi.unit && own && own !== step.unit) {
      throw new WhatIfError(`${what}: range ${JSON.stringify(s)} is ambiguous: the step is in ${step.unit} and the ends have no unit; give every part the same unit (${a} ${step.unit}..${b} ${step.unit}:${st}) or none (${a}..${b}:${step.n}, in the field's own ${own})`);
    }
    const unit = hi.unit || lo.unit || step.unit || own;
    for (const [x, nm] of [[lo, 'low end'], [hi, 'high end'], [step, 'step']] as const) {
      if (x.unit && x.unit !== unit) throw new WhatIfError(`${what}: the ${nm} of ${JSON.stringify(s)} is in ${x.unit}, the range in ${unit}; use one unit`);
    }
    if (hi.n < lo.n) throw new WhatIfError(`${what}: range ${JSON.stringify(s)} is inverted (${lo.n} > ${hi.n}); give low..high`);
    if (!(step.n > 0)) throw new WhatIfError(`${what}: step must be greater than 0, got ${JSON.stringify(st)}`);
    const count = Math.floor((hi.n - lo.n) / step.n + 1e-9) + 1;
    if (count > maxValues) throw new WhatIfError(`${what}: range ${JSON.stringify(s)} has ${count} values, more than --max-points ${maxValues}`);
    const out: RawValue[] = [];
    for (let i = 0; i < count; i++) {
      const n = clean(lo.n + i * step.n);
      out.push({ label: unit ? (unit === '%' ? `${n}%` : `${n} ${unit}`) : String(n), value: rawOf(n, unit, current) });
    }
    return out;
  }
  const items = splitTop(s);
  if (items.some((i) => i === '')) throw new WhatIfError(`${what}: empty item in ${JSON.stringify(s)}`);
  // a bare number takes the unit of the next item that has one, else the field's
  const units: string[] = new Array(items.length);
  let next = unitOf(current);
  for (let i = items.length - 1; i >= 0; i--) {
    const nu = numUnit(items[i]!);
    if (nu && nu.unit) next = nu.unit;
    units[i] = next;
  }
  return items.map((it, i) => scalarItem(it, units[i]!, current, what));
}

/** `low..high` (or `low..mode..high`) with units: the raw values at each end. */
export function parseLowHigh(spec: string, current: unknown, what: string): { low: RawValue; mode: RawValue | null; high: RawValue } {
  const parts = spec.split('..').map((x) => x.trim());
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new WhatIfError(`${what}: expected low..high (e.g. 5..10 or '1 TB/day..3 TB/day'), got ${JSON.stringify(spec)}`);
  }
  const nus = parts.map((p) => numUnit(p));
  if (nus.some((n) => n === null)) throw new WhatIfError(`${what}: ${JSON.stringify(spec)} needs a number at each end`);
  const unit = nus.map((n) => n!.unit).find((u) => u) ?? unitOf(current);
  for (const n of nus) if (n!.unit && n!.unit !== unit) throw new WhatIfError(`${what}: ${JSON.stringify(spec)} mixes units ${n!.unit} and ${unit}; use one unit`);
  const vals = nus.map((n) => ({ label: unit ? (unit === '%' ? `${n!.n}%` : `${n!.n} ${unit}`) : String(n!.n), value: rawOf(n!.n, unit, current), n: n!.n }));
  const first = vals[0]!;
  const last = vals[vals.length - 1]!;
  if (first.n > last.n) throw new WhatIfError(`${what}: range ${JSON.stringify(spec)} is inverted; give low..high`);
  if (vals.length === 3 && !(vals[1]!.n >= first.n && vals[1]!.n <= last.n)) {
    throw new WhatIfError(`${what}: the mode of ${JSON.stringify(spec)} must lie between min and max`);
  }
  const strip = (v: (typeof vals)[number]): RawValue => ({ label: v.label, value: v.value });
  return { low: strip(first), mode: vals.length === 3 ? strip(vals[1]!) : null, high: strip(last) };
}

/** `PATH=VALUE` from a flag. */
export function splitAssignment(flag: string, spec: string): { path: string; value: string } {
  const i = spec.indexOf('=');
  if (i <= 0) throw new WhatIfError(`${flag} ${JSON.stringify(spec)}: expected FIELD=VALUES, e.g. retention=7,14,30`);
  return { path: spec.slice(0, i).trim(), value: spec.slice(i + 1).trim() };
}
