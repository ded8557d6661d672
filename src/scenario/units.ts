/**
 * Quantities with units, parsed with the units part of mathjs only (a full mathjs import costs
 * ~0.5 s of start-up; see toolchain-notes.md). Kubernetes quantities (500m, 10Gi) are accepted for
 * CPU, memory and volume sizes.
 */
import { create, unitDependencies, createUnitDependencies } from 'mathjs';
import { DAYS_PER_RETENTION_MONTH, HOURS_PER_RATE_MONTH, K8S_BINARY, LINE_WORDS, MONTH_WORDS, PATTERNS, PROM_UNITS, TIME_WORDS, YEAR_WORDS } from './grammar.js';

type MathUnit = {
  equalBase(other: MathUnit): boolean;
  toNumber(unit: string): number;
  value: number | null;
};

type UnitMath = { unit(s: string): MathUnit; createUnit(n: string, o: object): unknown };
let math: UnitMath | null = null;
function m(): UnitMath {
  if (!math) {
    const made = create({ unitDependencies: unitDependencies!, createUnitDependencies: createUnitDependencies! }) as unknown as UnitMath;
    made.createUnit('line', { aliases: ['lines', 'log', 'logs', 'entry', 'entries'] });
    math = made;
  }
  return math;
}

export class QuantityError extends Error {}

export type Kind = 'bytes' | 'bytesPerSecond' | 'linesPerSecond' | 'days' | 'cpu' | 'memoryGiB' | 'fraction';

const REF: Record<Exclude<Kind, 'cpu' | 'memoryGiB' | 'fraction'>, { unit: string; example: string }> = {
  bytes: { unit: 'B', example: "'250 B' or '10 GiB'" },
  bytesPerSecond: { unit: 'B/s', example: "'1 TB/day' or '12 MB/s'" },
  linesPerSecond: { unit: 'lines/s', example: "'50000 lines/s'" },
  days: { unit: 'days', example: "'30 days'" },
};

const K8S_MEMORY: Record<string, number> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50,
  k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15,
};

const NUM = '([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)';
const K8S_RE = new RegExp(`^${NUM}\\s*(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$`);
const CPU_RE = new RegExp(`^${NUM}\\s*(m)?$`);
const PCT_RE = new RegExp(`^${NUM}\\s*%$`);

/** Parse a quantity of the given kind into base units (bytes, bytes/s, lines/s, days, vCPU, GiB, 0..1). */
export function parseQuantity(input: unknown, kind: Kind): number {
  const v = parseRaw(input, kind);
  if (!Number.isFinite(v)) throw new QuantityError(`${show(input)} is not a finite quantity`);
  return v;
}

function parseRaw(input: unknown, kind: Kind): number {
  if (typeof input === 'number') {
    if (kind === 'cpu' || kind === 'fraction') return input;
    if (kind === 'memoryGiB') throw new QuantityError(`${show(input)} needs a unit, e.g. '6Gi' or '512 MiB'`);
    throw new QuantityError(`${show(input)} needs a unit, e.g. ${REF[kind].example}`);
  }
  if (typeof input !== 'string') throw new QuantityError(`expected a quantity, got ${show(input)}`);
  const s = input.trim();
  if (kind === 'fraction') {
    const p = PCT_RE.exec(s);
    if (p) return Number(p[1]) / 100;
    throw new QuantityError(`${show(input)} is not a percentage, e.g. '70%' or 0.7`);
  }
  if (kind === 'cpu') {
    const c = CPU_RE.exec(s);
    if (c) return c[2] ? Number(c[1]) / 1000 : Number(c[1]);
    throw new QuantityError(`${show(input)} is not a CPU quantity, e.g. 1, 0.5 or '500m'`);
  }
  if (kind === 'memoryGiB' || kind === 'bytes') {
    const k = K8S_RE.exec(s);
    if (k && (k[2] || kind === 'memoryGiB')) {
      if (!k[2]) throw new QuantityError(`${show(input)} needs a unit, e.g. '6Gi' or '512 MiB'`);
      const bytes = Number(k[1]) * K8S_MEMORY[k[2]]!;
      return kind === 'memoryGiB' ? bytes / 2 ** 30 : bytes;
    }
  }
  if (kind === 'days') {
    const d = promDuration(s);
    if (d !== null) return d;
    const mo = MONTH_RE.exec(s);
    if (mo && GRAMMAR.days.test(s)) return Number(mo[1]!.replace(/,/g, '')) * DAYS_PER_RETENTION_MONTH;
  }
  // a rate per month: per hour over a 730-hour month
  const perMonth = kind === 'bytesPerSecond' || kind === 'linesPerSecond' ? PER_MONTH_RE.exec(s) : null;
  const text = perMonth ? `${perMonth[1]}/hour` : s;
  const written = asWritten(text, input, kind);
  // the grammar (grammar.ts) decides what is accepted, as the JSON Schema does; the ambiguity refusals above say why first
  const grammar = kind === 'memoryGiB' ? GRAMMAR.bytes : GRAMMAR[kind];
  if (!grammar.test(s)) {
    const other = (Object.keys(GRAMMAR) as (keyof typeof GRAMMAR)[]).find((k) => GRAMMAR[k].test(s));
    const ref = kind === 'memoryGiB' ? REF.bytes : REF[kind];
    if (other) throw new QuantityError(`${show(input)} is not a ${describe(kind)}; expected e.g. ${ref.example}`);
    throw new QuantityError(`cannot parse ${show(input)}; expected e.g. ${ref.example}`);
  }
  const v = fastQuantity(written, kind) ?? mathjsQuantity(written, input, kind);
  return perMonth ? v / HOURS_PER_RATE_MONTH : v;
}

const GRAMMAR = Object.fromEntries(Object.entries(PATTERNS).map(([k, p]) => [k, new RegExp(p)])) as Record<keyof typeof PATTERNS, RegExp>;
const MONTH_RE = new RegExp(`^([+-]?[\\d,.eE+-]+)\\s*(?:${MONTH_WORDS.join('|')})$`, 'i');
const PER_MONTH_RE = new RegExp(`^(.*?)(?:\\s*/\\s*|\\s+(?:per|a|an)\\s+)(?:${MONTH_WORDS.join('|')})\\s*$`, 'i');

/** A written quantity read by mathjs (the reference the fast path is tested against). */
export function mathjsQuantity(written: string, input: unknown, kind: Exclude<Kind, 'cpu' | 'fraction'>): number {
  const ref = kind === 'memoryGiB' ? REF.bytes : REF[kind];
  let u: MathUnit;
  try {
    u = m().unit(written);
  } catch (e) {
    throw new QuantityError(`cannot parse ${show(input)}: ${(e as Error).message.replace(/\.$/, '')}; expected e.g. ${ref.example}`);
  }
  if (u.value === null) throw new QuantityError(`${show(input)} has no number; expected e.g. ${ref.example}`);
  if (!u.equalBase(m().unit(`1 ${ref.unit}`))) {
    throw new QuantityError(`${show(input)} is not a ${describe(kind)}; expected e.g. ${ref.example}`);
  }
  const base = u.toNumber(ref.unit);
  return kind === 'memoryGiB' ? base / 2 ** 30 : base;
}

/**
 * The forms nearly every scenario writes (`1.08 TB/day`, `250 B`, `30 days`, `50000 lines/s`),
 * computed without mathjs: building mathjs's unit functions costs ~0.2 s, which every `plan`
 * would pay. The arithmetic is mathjs's own, in its order (Unit._normalize multiplies the number
 * by (unit value x prefix)^power per unit; toNumber divides by the target's), with its unit values:
 * B is 8 bits, prefixes k..E are 10^3n and Ki..Ei 2^10n (mathjs lib/esm/type/unit/Unit.js,
 * PREFIXES.BINARY_SHORT and UNITS). test/units.test.ts checks, bit for bit, that this path and
 * mathjs agree on every form it takes; anything else goes to mathjs.
 */
const FAST_PREFIX: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6 };
const FAST_TIME: Record<string, number> = { s: 1, minute: 60, hour: 3600, day: 86400, week: 7 * 86400 };
const FAST_RE = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?) (?:(k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?(B)|(lines)|(s|minute|hour|day|week))(?:\/(s|minute|hour|day|week))?$/;

export function fastQuantity(written: string, kind: Kind): number | null {
  const g = FAST_RE.exec(written);
  if (!g) return null;
  const [, num, prefix = '', bytes, lines, time, per] = g;
  const value = Number(num);
  // [unit value x prefix, power] per unit, as mathjs holds them
  let top: number;
  let target: number; // the reference unit's value (B is 8 bits; lines, s: 1; days: 86400 s)
  if (bytes) {
    if (per ? kind !== 'bytesPerSecond' : kind !== 'bytes' && kind !== 'memoryGiB') return null;
    top = 8 * FAST_PREFIX[prefix]!;
    target = 8;
  } else if (lines) {
    if (kind !== 'linesPerSecond' || !per) return null;
    top = 1;
    target = 1;
  } else {
    if (kind !== 'days' || per) return null;
    top = FAST_TIME[time!]!;
    target = 86400;
  }
  let res = value * Math.pow(top, 1);
  if (per) res = res * Math.pow(FAST_TIME[per]!, -1);
  res = res / Math.pow(target, 1);
  if (per) res = res / Math.pow(1, -1);
  return kind === 'memoryGiB' ? res / 2 ** 30 : res;
}

/**
 * Loki's own durations (`retention_period: 30d`, `720h`): Prometheus's model.ParseDuration, whose
 * units are y (365 days), w, d, h, m (minutes), s and ms, largest first, whole numbers
 * (github.com/prometheus/common, model/time.go, ParseDuration). In days; null if not that form.
 */
const PROM_RE = new RegExp(`^${PROM_UNITS.map(([u]) => `(?:(\\d+)${u})?`).join('')}$`);
function promDuration(s: string): number | null {
  const t = s.trim();
  const g = PROM_RE.exec(t);
  if (!g || t === '') return null;
  return PROM_UNITS.reduce((a, [, days], i) => a + (g[i + 1] ? Number(g[i + 1]) * days : 0), 0);
}

/** Units as people write them, mapped to what mathjs reads; each entry is case-insensitive. */
const TIME_RES: [RegExp, string][] = TIME_WORDS.map((t) => [new RegExp(`^(?:${t.words.join('|')})$`, 'i'), t.unit]);
const YEAR_RE = new RegExp(`^(?:${YEAR_WORDS.join('|')})$`, 'i');
const LINE_RE = new RegExp(`^(?:${LINE_WORDS.map((w) => w.replace(/ /g, '\\s+')).join('|')})$`, 'i');
const BYTE_WORD = /^([kmgtpe]?)(i?)(b|bytes?)$/i;

/** Ambiguous forms are refused with the forms that would work. */
function ambiguous(input: unknown, why: string, forms: string): QuantityError {
  return new QuantityError(`${show(input)} is ambiguous (${why}); write ${forms}`);
}

function byteUnit(u: string, input: unknown): string | null {
  const b = BYTE_WORD.exec(u);
  if (!b) return null;
  const [, prefix, bin, word] = b as unknown as [string, string, string, string];
  // Mb, Gb, Tb: a capital prefix with a small b is how networking writes bits
  if (prefix && prefix === prefix.toUpperCase() && !bin && word === 'b') {
    throw ambiguous(input, `${u} is how bits are written, and lokiplan counts bytes`, `'${prefix}B' (10^n bytes) or '${prefix}iB' (2^n bytes)`);
  }
  if (prefix === 'K' && !bin) throw ambiguous(input, 'KB is 1000 bytes in SI and 1024 in JEDEC use', "'kB' (1000 bytes) or 'KiB' (1024 bytes)");
  if (!prefix) return 'B';
  return bin ? `${prefix.toUpperCase()}iB` : `${prefix === 'k' || prefix === 'K' ? 'k' : prefix.toUpperCase()}B`;
}

function timeUnit(u: string): string | null {
  for (const [re, name] of TIME_RES) if (re.test(u)) return name;
  return null;
}

/**
 * Normalise what people type before mathjs reads it: thousands separators (`50,000 lines/s`),
 * `per day` and `a day` for `/day`, `/d`, `/h`, `/min`, prefixes in any case where that is
 * unambiguous (`1 tb/day`, `1 TIB/d`), `log lines`. Ambiguous forms are refused with the working ones.
 */
function asWritten(s: string, input: unknown, kind: Kind): string {
  const num = /^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?|[+-]?\.\d+)\s*(.*)$/.exec(s);
  if (!num) {
    if (/^[+-]?\d+,\d/.test(s)) throw ambiguous(input, 'a decimal comma or a thousands separator', "a dot for decimals ('1.5') and commas only in groups of three ('1,500')");
    return s;
  }
  if (/^,\d/.test(num[2]!)) throw ambiguous(input, 'a decimal comma or a thousands separator', "a dot for decimals ('1.5') and commas only in groups of three ('1,500')");
  const value = num[1]!.replace(/,/g, '');
  const unit = num[2]!.trim().replace(/\s+(?:per|a|an)\s+/i, '/').replace(/^per\s+/i, '/');
  const parts = unit.split(/\s*\/\s*/);
  if (parts.length > 2 || parts.some((x) => x === '')) return `${value} ${unit}`;
  const [top, bottom] = parts as [string, string | undefined];
  let t = top;
  if (kind === 'days' && bottom === undefined) {
    if (/^m$/i.test(top)) throw ambiguous(input, 'm is minutes in Loki durations and months elsewhere', `'30 days' or '${value}m' in a Loki duration without a space`);
    // '1 year' stays mathjs's 365.25 days; Loki's own '1y' (no space) is 365 days, as Prometheus reads it
    t = timeUnit(top) ?? (YEAR_RE.test(top) ? 'year' : top);
  } else {
    // a Kubernetes binary suffix stands for its bytes in a rate (400 Gi/day)
    t = byteUnit(top, input) ?? (K8S_BINARY.includes(top) ? `${top}B` : LINE_RE.test(top) ? 'lines' : top);
  }
  if (bottom === undefined) return `${value} ${t}`;
  if (/^m$/i.test(bottom)) throw ambiguous(input, '/m could be minutes or months', `'/min', '/day' or '/month'`);
  return `${value} ${t}/${timeUnit(bottom) ?? bottom}`;
}

function describe(kind: Kind): string {
  switch (kind) {
    case 'bytes': return 'size';
    case 'memoryGiB': return 'memory size';
    case 'bytesPerSecond': return 'data rate (bytes per time)';
    case 'linesPerSecond': return 'line rate (lines per time)';
    case 'days': return 'duration';
    default: return kind;
  }
}

export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  if (v === undefined) return 'nothing';
  try {
    const j = JSON.stringify(v);
    return j === undefined ? String(v) : j.length > 80 ? `${j.slice(0, 77)}...` : j;
  } catch {
    return String(v);
  }
}
