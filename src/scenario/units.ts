/**
 * Quantities with units, parsed with the units part of mathjs only (a full mathjs import costs
 * ~0.5 s of start-up; see toolchain-notes.md). Kubernetes quantities (500m, 10Gi) are accepted for
 * CPU, memory and volume sizes.
 */
import { create, unitDependencies, createUnitDependencies } from 'mathjs';

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
  const ref = kind === 'memoryGiB' ? REF.bytes : REF[kind];
  let u: MathUnit;
  try {
    u = m().unit(s);
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
