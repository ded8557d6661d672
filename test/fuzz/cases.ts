/**
 * Hostile inputs for the CLI, generated deterministically from (seed, index): mutations of the
 * shipped scenarios (wrong types, missing and extra keys, huge and tiny numbers, unit soup, deep
 * `extends` chains and cycles, non-UTF-8 bytes, exponential YAML aliases, very large files),
 * hostile price books and hostile command lines. A case is files to write into a fresh directory
 * and the argv to run there: `{dir}` in argv is that directory, `{out}` a fresh --out directory.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, stringify } from 'yaml';

export interface FuzzCase {
  id: string;
  kind: string;
  /** what was done to the input, for the report */
  note: string;
  files: Record<string, string | Uint8Array>;
  argv: string[];
  /** what this case must do beyond the general rules: exit code, and a text the error line must name */
  expect?: { code?: 0 | 2; mentions?: string };
}

// ---------------------------------------------------------------- deterministic randomness

/** mulberry32: small, fast, good enough to pick mutations; the same seed gives the same cases. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  /** a fresh copy of a picked value: cases never share, or mutate, the constants */
  pickCopy<T>(xs: readonly T[]): T {
    return structuredClone(this.pick(xs));
  }
}

/** The case seed for (run seed, index): cases are independent, so one can be replayed alone. */
export function caseSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------- material

const ROOT = resolve(import.meta.dirname, '../..');
const SHIPPED = ['ghost-protocol.yaml', 'ghost-protocol-as-designed.yaml', 'monolithic.yaml', 'seed-arithmetic.yaml'];
let material: { texts: Record<string, string>; docs: Record<string, Record<string, unknown>>; snapshot: string } | null = null;
function mat() {
  if (!material) {
    const texts = Object.fromEntries(SHIPPED.map((f) => [f, readFileSync(resolve(ROOT, 'scenarios', f), 'utf8')]));
    const docs = Object.fromEntries(SHIPPED.map((f) => [f, parse(texts[f]!) as Record<string, unknown>]));
    const snapshot = readFileSync(resolve(ROOT, 'src/sources/snapshot.json'), 'utf8');
    material = { texts, docs, snapshot };
  }
  return material;
}

const UNITS = [
  'B', 'kB', 'KB', 'KiB', 'MB', 'MiB', 'GB', 'GiB', 'TB', 'TiB', 'PB', 'PiB', 'EB', 'bytes', 'b', 'bit', 'Gi', 'Mi', 'm',
  'B/s', 'MB/s', 'GB/day', 'TB/day', 'TiB/day', 'PB/day', 'lines/s', 'lines/minute', 'logs/hour', 'entries/day',
  'days', 'day', 'd', 'hours', 'h', 'minutes', 's', 'weeks', 'months', 'years', 'year', 'decades',
  '%', 'kg', 'mph', 'degC', 'K', 'rad', 'J', 'W', 'Hz', 'B^2', 'B/day/day', 'TB/fortnight', 'GB*day', '1/s', 'lines',
  'TB/0 s', 'GB/day + 1', 'sqrt(4) TB', 'TB day/day', 'inch', 'liters', 'USD', '$', 'GiB/s/lines',
];
const NUMBERS = [
  '0', '-0', '1', '-1', '0.0000001', '1e-300', '5e-324', '1e21', '1e308', '1.8e308', '1e999', '-1e999', 'NaN', 'Infinity', '-Infinity',
  '9007199254740993', '123456789012345678901234567890', '.5', '5.', '1_000', '0x10', '0o17', '1e', '--1', '+1', '½', '١٢٣', '1,000',
  '3.14159265358979323846264338327950288', '2', '50000', '250', '1024', '0.1', '7',
];
const HOSTILE_VALUES: unknown[] = [
  null, true, false, 0, -1, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, 0.1, '', ' ', 'x', 'null', '~', 'true', 'NaN',
  [], [1, 2], {}, { a: 1 }, [[[]]], 'Infinity', '-0', '1e999', 'a'.repeat(5000), '\u0000', '\u202e', '🤖', 'line\nbreak',
  '<script>', '../../../../etc/passwd', '%s%s%n', '${HOME}', '$(id)', '{{7*7}}', '__proto__', 'constructor',
];
const KEY_NAMES = ['colour', 'extra', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', '0', 'Name', 'REGION', 'ingest ', 'vólume', '🤖', 'a.b', 'x'.repeat(300)];

function quantityLike(rng: Rng): unknown {
  const n = rng.pick(NUMBERS);
  switch (rng.int(6)) {
    case 0:
      return `${n} ${rng.pick(UNITS)}`;
    case 1:
      return `${n}${rng.pick(UNITS)}`;
    case 2:
      return Number(n);
    case 3:
      return `${rng.pick(NUMBERS)} ${rng.pick(UNITS)} ${rng.pick(UNITS)}`;
    case 4:
      return rng.pickCopy(HOSTILE_VALUES);
    default:
      return `${n} ${rng.pick(UNITS)}${rng.pick(['', ' ', '\t', '/s', '/day', '/0', '^2', ' per day'])}`;
  }
}

// ---------------------------------------------------------------- tree mutations

/** A short description of a value for a case note; never throws (a mutation can make a cycle). */
function brief(v: unknown): string {
  try {
    return String(JSON.stringify(v)).slice(0, 40);
  } catch {
    return '<cyclic>';
  }
}

type Path = (string | number)[];
function paths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}
function getAt(v: unknown, p: Path): unknown {
  return p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)?.[k], v);
}
function setAt(root: unknown, p: Path, value: unknown, del = false): void {
  if (p.length === 0) return;
  const parent = getAt(root, p.slice(0, -1)) as Record<string | number, unknown>;
  const k = p[p.length - 1]!;
  if (!parent || typeof parent !== 'object') return;
  if (del) {
    if (Array.isArray(parent)) parent.splice(k as number, 1);
    else delete parent[k];
  } else {
    Object.defineProperty(parent, k, { value, enumerable: true, writable: true, configurable: true });
  }
}

function mutateTree(rng: Rng, doc: Record<string, unknown>): string[] {
  const notes: string[] = [];
  const n = rng.range(1, 4);
  for (let i = 0; i < n; i++) {
    const all = paths(doc).filter((p) => p.length > 0);
    if (all.length === 0) break;
    const p = rng.pick(all);
    const cur = getAt(doc, p);
    const where = p.join('.');
    switch (rng.int(7)) {
      case 0:
        setAt(doc, p, undefined, true);
        notes.push(`delete ${where}`);
        break;
      case 1: {
        const v = rng.pickCopy(HOSTILE_VALUES);
        setAt(doc, p, v);
        notes.push(`${where} = ${brief(v)}`);
        break;
      }
      case 2: {
        const target = cur && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>) : doc;
        const k = rng.pick(KEY_NAMES);
        Object.defineProperty(target, k, { value: rng.pickCopy(HOSTILE_VALUES), enumerable: true, writable: true, configurable: true });
        notes.push(`extra key ${JSON.stringify(k.slice(0, 20))}`);
        break;
      }
      case 3:
      case 4: {
        const v = quantityLike(rng);
        setAt(doc, p, v);
        notes.push(`${where} = ${brief(v)}`);
        break;
      }
      case 5:
        if (typeof cur === 'number') {
          const v = rng.pick([cur * 1e300, cur * -1, cur / 1e300, 0, cur + 0.5, Math.floor(cur * 1e6), 2 ** 53 + 1]);
          setAt(doc, p, v);
          notes.push(`${where} = ${v}`);
        } else if (typeof cur === 'string') {
          const v = cur.replace(/[\d.]+/, rng.pick(NUMBERS));
          setAt(doc, p, v);
          notes.push(`${where} = ${brief(v)}`);
        }
        break;
      default: {
        // wrong container type: object <-> list <-> scalar
        const v = Array.isArray(cur) ? Object.fromEntries(cur.map((x, j) => [String(j), x])) : cur && typeof cur === 'object' ? Object.values(cur) : [cur];
        setAt(doc, p, v);
        notes.push(`${where} container swapped`);
      }
    }
  }
  return notes;
}

// ---------------------------------------------------------------- raw text mutations

const YAML_SPECIALS = ['&a ', '*a', '*nothing', '!!binary ', '!!js/function ', '!custom ', '<<: *a\n', '? [a, b]\n: c\n', '---\n', '...\n', '%YAML 1.1\n', '|\n', '>-\n', '{', '}', '[', ']', ': ', '- ', '\t', '"', "'", '#', '@', '`', '!!set\n', '!!omap\n', '\\u0000', '\ufeff'];

function mutateText(rng: Rng, text: string): { body: string | Uint8Array; note: string } {
  const bytes = Buffer.from(text, 'utf8');
  const pos = () => rng.int(bytes.length + 1);
  switch (rng.int(8)) {
    case 0: {
      const at = pos();
      const junk = Buffer.from(Array.from({ length: rng.range(1, 8) }, () => rng.pick([0x80, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf8, 0xfe, 0xff, 0x00, 0x1b, 0x7f])));
      return { body: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]), note: `non-UTF-8 bytes at ${at}` };
    }
    case 1: {
      const at = pos();
      return { body: bytes.subarray(0, at), note: `truncated at byte ${at}` };
    }
    case 2: {
      const at = pos();
      const s = rng.pick(YAML_SPECIALS);
      return { body: Buffer.concat([bytes.subarray(0, at), Buffer.from(s), bytes.subarray(at)]), note: `inserted ${JSON.stringify(s)} at ${at}` };
    }
    case 3: {
      const lines = text.split('\n');
      const i = rng.int(lines.length);
      const j = rng.int(lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return { body: lines.join('\n'), note: `swapped lines ${i} and ${j}` };
    }
    case 4: {
      const lines = text.split('\n');
      const i = rng.int(lines.length);
      lines.splice(i, 0, lines[i]!);
      return { body: lines.join('\n'), note: `duplicated line ${i} (duplicate key)` };
    }
    case 5: {
      const lines = text.split('\n');
      const i = rng.int(lines.length);
      lines[i] = rng.pick(['  ', '\t', '', '    ']) + lines[i];
      return { body: lines.join('\n'), note: `re-indented line ${i}` };
    }
    case 6: {
      const out = Buffer.from(bytes);
      const k = rng.range(1, 5);
      for (let i = 0; i < k && out.length; i++) out[rng.int(out.length)] = rng.int(256);
      return { body: out, note: `${k} random bytes` };
    }
    default:
      return { body: text.replace(/\r?\n/g, rng.pick(['\r\n', '\r', '\n\n', '\u2028'])), note: 'line endings changed' };
  }
}

// ---------------------------------------------------------------- generators by kind

const scenarioArg = (name: string) => `{dir}/${name}`;
const pickShipped = (rng: Rng) => rng.pick(SHIPPED);

function treeCase(rng: Rng): Omit<FuzzCase, 'id' | 'kind'> {
  const m = mat();
  const f = pickShipped(rng);
  const doc = structuredClone(m.docs[f]!);
  const notes = mutateTree(rng, doc);
  let body: string;
  const asYaml = rng.chance(0.5);
  try {
    body = asYaml ? stringify(doc) : JSON.stringify(doc);
  } catch {
    body = m.texts[f]!;
    notes.push('(the mutations made a cycle: file left as shipped)');
  }
  const files: FuzzCase['files'] = { ...m.texts, [f]: body };
  // plan the mutated file itself, or a shipped file that extends it
  const target = f === 'ghost-protocol.yaml' && rng.chance(0.3) ? rng.pick(['monolithic.yaml', 'ghost-protocol-as-designed.yaml']) : f;
  return { note: `${f}: ${notes.join('; ')}`, files, argv: ['plan', scenarioArg(target), ...outArgs(rng)] };
}

function textCase(rng: Rng): Omit<FuzzCase, 'id' | 'kind'> {
  const m = mat();
  const f = pickShipped(rng);
  let body: string | Uint8Array = m.texts[f]!;
  const notes: string[] = [];
  for (let i = rng.range(1, 3); i > 0; i--) {
    const r = mutateText(rng, typeof body === 'string' ? body : Buffer.from(body).toString('latin1'));
    body = r.body;
    notes.push(r.note);
  }
  return { note: `${f}: ${notes.join('; ')}`, files: { ...m.texts, [f]: body }, argv: ['plan', scenarioArg(f), ...outArgs(rng)] };
}

function aliasCase(rng: Rng): Omit<FuzzCase, 'id' | 'kind'> {
  const m = mat();
  const gp = m.texts['ghost-protocol.yaml']!;
  const depth = rng.range(2, 12);
  const width = rng.range(2, 12);
  const field = rng.pick(['claims', 'targets', 'name', 'omit', 'extra', 'storage', 'prices']);
  let y = `a0: &a0 ["lol", 1, {x: y}]\n`;
  for (let i = 1; i < depth; i++) y += `a${i}: &a${i} [${Array.from({ length: width }, () => `*a${i - 1}`).join(', ')}]\n`;
  const variant = rng.int(5);
  let body: string;
  if (variant === 0) body = `${y}${gp}`;
  else if (variant === 1) body = `${gp}\nbomb:\n${y.replace(/^/gm, '  ')}${field}: *a${depth - 1}\n`;
  else if (variant === 2) body = `base: &b\n  region: us-east-1\n  retention: 30 days\n<<: *b\n${gp.replace(/^region:.*$/m, '')}`;
  else if (variant === 3) body = `${gp}\nx: &r [*r]\n`;
  else body = gp.replace('ingest:', `ingest: &ing`).replace('query:', `x: &q [${Array(width).fill('*ing').join(', ')}]\nquery:`);
  return { note: `aliases variant ${variant}, depth ${depth}, width ${width}, into ${field}`, files: { 'case.yaml': body, ...m.texts }, argv: ['plan', scenarioArg('case.yaml'), ...outArgs(rng)] };
}

function extendsCase(rng: Rng): Omit<FuzzCase, 'id' | 'kind'> {
  const m = mat();
  const files: FuzzCase['files'] = { ...m.texts };
  const v = rng.int(6);
  if (v <= 1) {
    // a chain: chain-0 extends ghost-protocol, chain-i extends chain-(i-1), some with small overrides
    const depth = rng.range(1, 30);
    for (let i = 0; i < depth; i++) {
      const parent = i === 0 ? 'ghost-protocol.yaml' : `${i % 3 === 0 ? '' : '../d/'}chain-${i - 1}.yaml`;
      const over = rng.chance(0.3) ? `retention: ${rng.range(1, 400)} days\n` : rng.chance(0.2) ? 'compute: { spot: null }\n' : '';
      files[`d/chain-${i}.yaml`] = `extends: ${parent.startsWith('../') ? parent : i === 0 ? `../${parent}` : parent}\n${over}`;
    }
    return { note: `extends chain of ${depth}`, files, argv: ['plan', scenarioArg(`d/chain-${depth - 1}.yaml`), ...outArgs(rng)] };
  }
  if (v === 2) {
    const len = rng.range(1, 5);
    for (let i = 0; i < len; i++) files[`cyc-${i}.yaml`] = `extends: cyc-${(i + 1) % len}.yaml\nname: c${i}\n`;
    return { note: `extends cycle of ${len}`, files, argv: ['plan', scenarioArg(`cyc-${rng.int(len)}.yaml`)] };
  }
  if (v === 3) {
    const to = rng.pick(['missing.yaml', '.', 'd', '/dev/null', '/dev/zero', '/proc/self/status', 'bin.yaml', 'empty.yaml', '', '   ', 'ghost-protocol.yaml\u0000x', 'x'.repeat(5000)]);
    files['d/keep.yaml'] = 'name: keep\n';
    files['bin.yaml'] = new Uint8Array([0, 159, 146, 150, 255, 0, 1]);
    files['empty.yaml'] = '';
    return { note: `extends ${JSON.stringify(to.slice(0, 40))}`, files: { ...files, 'case.yaml': `extends: ${JSON.stringify(to)}\nname: x\n` }, argv: ['plan', scenarioArg('case.yaml')] };
  }
  if (v === 4) {
    // baseline extends: a cycle through the baseline, or a baseline with its own baseline
    files['case.yaml'] = `extends: ghost-protocol.yaml\nbaseline: { extends: ${rng.pick(['case.yaml', 'b.yaml', 'missing.yaml', 'ghost-protocol.yaml'])} }\n`;
    files['b.yaml'] = `extends: case.yaml\nbaseline: { mode: monolithic }\n`;
    return { note: 'baseline extends', files, argv: ['plan', scenarioArg('case.yaml'), ...outArgs(rng)] };
  }
  files['case.yaml'] = `extends: ${rng.pick([1, true, null, '[a]', '{a: 1}', '~', '""'])}\nname: x\n`;
  return { note: 'extends of the wrong type', files, argv: ['plan', scenarioArg('case.yaml')] };
}

function largeCase(rng: Rng): Omit<FuzzCase, 'id' | 'kind'> {
  const m = mat();
  const base = m.texts['ghost-protocol.yaml']!;
  const v = rng.int(6);
  let body: string;
  let note: string;
  if (v === 0) {
    body = base + `# ${'x'.repeat((1 << 20) + rng.int(4096))}\n`;
    note = 'over 1 MiB (one comment line)';
  } else if (v === 1) {
    body = base.replace(/^name: .*$/m, `name: "${'n'.repeat(rng.range(1000, 900_000))}"`);
    note = 'huge name';
  } else if (v === 2) {
    const d = rng.pick([100, 1000, 10_000, 100_000]);
    body = `${base}claims: ${'['.repeat(d)}${']'.repeat(d)}\n`;
    note = `flow nesting ${d} deep`;
  } else if (v === 3) {
    const d = rng.pick([100, 500, 2000]);
    body = `${base}targets:\n${Array.from({ length: d }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`;
    note = `block nesting ${d} deep`;
  } else if (v === 4) {
    const n = rng.pick([1000, 20_000]);
    body = `${base}prices:\n  overrides:\n${Array.from({ length: n }, (_, i) => `    k${i}: 0.${i + 1}`).join('\n')}\n`;
    note = `${n} price overrides`;
  } else {
    body = base.replace('lifecycle:', `lifecycle:\n${Array.from({ length: rng.pick([200, 5000]) }, (_, i) => `    - { after: ${i + 1} days, class: GLACIER }`).join('\n')}`);
    note = 'long lifecycle list';
  }
  return { note, files: { ...m.texts, 'case.yaml': body }, argv: ['plan', scenarioArg('case.yaml'), ...outArgs(rng)] };
}

/** Valid scenarios pushed to and past the edges the model covers. */
function extremeCase(rng: Rng): Omit<FuzzCase, 'id' | 'kind'> {
  const m = mat();
  const doc = structuredClone(m.docs['ghost-protocol.yaml']!) as Record<string, Record<string, unknown> | unknown>;
  const e = () => 10 ** (rng.int(40) - 15) * rng.pick([1, 1.5, 3, 7]);
  const edits: [Path, unknown][] = [
    [['ingest'], { volume: `${e()} ${rng.pick(['GB/day', 'TB/day', 'PB/day', 'B/s', 'GiB/day', 'MB/day'])}` }],
    [['ingest'], { rate: `${e()} lines/s`, avgLineSize: `${e()} B` }],
    [['ingest', 'peakFactor'], rng.pick([1, 1.0001, 100, 100.1, 1e6, e()])],
    [['retention'], `${e()} ${rng.pick(['days', 'years', 'hours', 'weeks'])}`],
    [['retention'], rng.pick(['1 day', '10 years', '3652.5 days', '3653 days', '23 hours', '24 hours'])],
    [['deployment', 'replicationFactor'], rng.pick([1, 2, 3, 5, 1000, 1001, 2 ** 31])],
    [['deployment', 'failureTolerance'], rng.pick([0, 1, 2, 999, 1000, 1001])],
    [['deployment', 'zones'], rng.range(0, 8)],
    [['targets'], { [rng.pick(['write', 'read', 'backend', 'gateway'])]: { replicas: rng.pick([0, 1, 3, 999, 1000, 1001, 1e6]) } }],
    [['targets'], { write: { requests: { cpu: rng.pick(['1m', '0.001', 1e6, '64', '3']), memory: rng.pick(['1Ki', '1Mi', '1Pi', '6Gi', '63Gi']) } } }],
    [['storage', 'compressionRatio'], rng.pick([0.5, 1, 100, 101, e()])],
    [['storage', 'chunkSize'], `${e()} ${rng.pick(['B', 'KiB', 'MB', 'GiB'])}`],
    [['storage', 'storedCopies'], rng.pick([1, 3, 3.0001, e()])],
    [['query', 'scannedPerDay'], `${e()} ${rng.pick(['TB', 'PB', 'GB', 'B'])}`],
    [['query', 'peakFactor'], rng.pick([1, 100, 101, e()])],
    [['hoursPerMonth'], rng.pick([671, 672, 720, 744, 745, e()])],
    [['compute', 'nodeRootVolume'], `${e()} ${rng.pick(['GiB', 'TiB', 'Gi'])}`],
    [['platform', 'eksClusterShare'], rng.pick(['0%', '100%', '101%', '-1%', 0.5, e()])],
    [['claims', 'total'], rng.pick([0, 1e308, '1..1e9', `${e()}`, '5..1'])],
    [['prices'], { overrides: { [rng.pick(['compute.vcpu-hour', 'ec2.ondemand.m7i.xlarge', 's3.storage.STANDARD', 'transfer.inter-az'])]: rng.pick(['0.000000001', '1000000', '9'.repeat(400), '0', e()]) } }],
  ];
  const notes: string[] = [];
  for (let i = rng.range(1, 3); i > 0; i--) {
    const [p, v] = rng.pick(edits);
    let o = doc as Record<string, unknown>;
    for (const k of p.slice(0, -1)) o = (o[k as string] ??= {}) as Record<string, unknown>;
    o[p[p.length - 1] as string] = v;
    notes.push(`${p.join('.')} = ${JSON.stringify(v)}`);
  }
  return { note: notes.join('; '), files: { ...m.texts, 'case.yaml': stringify(doc) }, argv: ['plan', scenarioArg('case.yaml'), ...outArgs(rng)] };
}

/** Hostile price books for --prices FILE. */
function pricesCase(rng: Rng): Omit<FuzzCase, 'id' | 'kind'> {
  const m = mat();
  const book = JSON.parse(m.snapshot) as { currency: string; regions: Record<string, { asOf: string; prices: Record<string, Record<string, unknown>> }> };
  const region = book.regions['us-east-1']!;
  const keys = Object.keys(region.prices);
  const key = rng.pick(keys);
  const entry = region.prices[key]!;
  let text: string | Uint8Array | null = null;
  let note: string;
  // rejected, with the key named (`code` undefined: the book may be fine, but an error must name the key)
  let expect: FuzzCase['expect'] = { code: 2, mentions: key };
  switch (rng.int(16)) {
    case 0:
      entry['usd'] = rng.pick(['-0.1', '-1', '-0']);
      note = `negative ${key}`;
      break;
    case 1:
      entry['usd'] = rng.pick(['0', '0.0', '0.000000']);
      note = `zero ${key}`;
      break;
    case 2:
      entry['usd'] = rng.pick(['NaN', 'Infinity', '', 'abc', '1e5', '0x10', '1,5', ' 1', '.5', '9'.repeat(400), 0.1, null, true]);
      note = `bad usd for ${key}: ${JSON.stringify(entry['usd']).slice(0, 20)}`;
      break;
    case 3:
      delete region.prices[key];
      note = `missing ${key}`;
      expect = { mentions: key };
      break;
    case 4: {
      // a duplicate key in the JSON text: JSON.parse would silently keep the last
      const raw = JSON.stringify(book, null, 1);
      const i = raw.indexOf(`"${key}": {`);
      text = `${raw.slice(0, i)}"${key}": {"unit": "${entry['unit']}", "usd": "${rng.pick(['0.0001', '999', '0.5'])}", "source": "dup"},\n${raw.slice(i)}`;
      note = `duplicate key ${key}`;
      break;
    }
    case 5:
      const twin = rng.pick([key.toUpperCase(), ` ${key}`, `${key} `, key.replace(/\./, '.\u200b')]);
      region.prices[twin] = { ...entry };
      note = `ambiguous twin of ${key}`;
      expect = { code: 2, mentions: twin.includes('\u200b') ? '\\u200b' : twin.trim() === key ? key : twin };
      break;
    case 6:
      book.currency = rng.pick(['EUR', 'usd', '', 'US$', 'GBP']);
      note = `currency ${book.currency}`;
      expect = { code: 2, mentions: 'currency' };
      break;
    case 7:
      region.asOf = rng.pick(['2999-01', '2100-12-31', '9999-99', 'tomorrow', '', '2026-13', '2026-06-32', '2026-06-30T25:00:00Z']);
      note = `asOf ${region.asOf}`;
      expect = { code: 2, mentions: 'regions.us-east-1.asOf' };
      break;
    case 8:
      entry['asOf'] = rng.pick(['2999-01', '2100-12-31', 'soon']);
      note = `entry asOf ${entry['asOf']} on ${key}`;
      break;
    case 9:
      entry['unit'] = rng.pick(['month', 'GB', 'hour', 'request', 'GB-month', '', 'per 1000 requests']);
      note = `unit ${entry['unit']} on ${key}`;
      expect = entry['unit'] === '' ? { code: 2, mentions: key } : { mentions: key };
      break;
    case 10:
      delete entry['usd'];
      entry['tiers'] = rng.pick([
        [],
        [{ usd: '0.1' }, { upTo: '10', usd: '0.2' }],
        [{ upTo: '10', usd: '0.1' }],
        [{ upTo: '10', usd: '0.1' }, { upTo: '5', usd: '0.2' }, { usd: '0.3' }],
        [{ upTo: '0', usd: '0.1' }, { usd: '0.2' }],
        [{ upTo: '1e999', usd: '0.1' }, { usd: '0.2' }],
        [{ upTo: '10', usd: '0.1' }, { usd: '0' }],
      ]);
      note = `tiers ${JSON.stringify(entry['tiers'])} on ${key}`;
      break;
    case 11:
      entry['usd'] = '0.1';
      entry['tiers'] = [{ usd: '0.1' }];
      note = `both usd and tiers on ${key}`;
      break;
    case 12:
      (book as Record<string, unknown>)[rng.pick(['format', 'regions', 'currency'])] = rng.pickCopy(HOSTILE_VALUES);
      note = 'top-level field of the wrong type';
      expect = { code: 2 };
      break;
    case 13:
      text = rng.pick([
        '',
        'null',
        '[]',
        '{',
        '{"a":1}{"b":2}',
        Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
        `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
        ' '.repeat(17 << 20),
      ]);
      note = 'not a price book';
      expect = { code: 2 };
      break;
    case 14:
      entry['usd'] = rng.pick(['1000000000', '99999999999999999999', '0.000000000000000000001']);
      note = `extreme price ${entry['usd']} on ${key}`;
      expect = {};
      break;
    default:
      // defineProperty: a plain assignment to "__proto__" would set the prototype, not add a key
      Object.defineProperty(entry, rng.pick(KEY_NAMES), { value: rng.pickCopy(HOSTILE_VALUES), enumerable: true, writable: true, configurable: true });
      note = `extra field on ${key}`;
  }
  const body = text ?? JSON.stringify(book, null, rng.chance(0.5) ? 1 : 0);
  const pricesPath = rng.chance(0.05) ? rng.pick(['{dir}', '/dev/zero', '{dir}/missing.json', 'snapshot']) : '{dir}/prices.json';
  if (pricesPath !== '{dir}/prices.json') expect = pricesPath === 'snapshot' ? { code: 0 } : { code: 2 };
  return {
    expect,
    note,
    files: { ...m.texts, 'prices.json': body },
    argv: ['plan', scenarioArg(rng.pick(SHIPPED)), '--prices', pricesPath, ...outArgs(rng)],
  };
}

/** Hostile command lines: several files (some bad), odd options, unwritable --out. */
function argvCase(rng: Rng): Omit<FuzzCase, 'id' | 'kind'> {
  const m = mat();
  const files: FuzzCase['files'] = { ...m.texts, 'bad.yaml': 'name: [\n', 'not-a-dir': 'x', 'dup.yaml': m.texts['ghost-protocol.yaml']! };
  const pool = [...SHIPPED.map(scenarioArg), '{dir}/bad.yaml', '{dir}/missing.yaml', '{dir}', '{dir}/dup.yaml', '-', '--', ''];
  const argv = ['plan', ...Array.from({ length: rng.range(1, 4) }, () => rng.pick(pool))];
  const extra = rng.pick([
    [],
    ['--format', rng.pick(['json', 'table', 'csv', 'JSON', '', 'x'.repeat(1000)])],
    ['--out', rng.pick(['{out}', '{dir}/not-a-dir', '{dir}/not-a-dir/sub', '/proc/nope', '{dir}/ghost-protocol.yaml'])],
    ['--out', '{out}'],
    ['--prices'],
    ['--unknown-flag'],
    ['-x'],
    ['--help'],
    ['--version'],
    ['--format'],
  ]);
  const top = rng.pick([[], [], [], ['--version'], ['help'], ['nonsense'], ['--help'], ['plan', '--help']]);
  return { note: 'command line', files, argv: top.length ? top : [...argv, ...extra] };
}

/** Strings that mean something to a terminal, a YAML 1.1 reader or an HTML parser. */
const NEUTRAL = [
  '\u001b]0;pwned\u0007', '\u001b[2J', '\u009b31m', '\u202eevil', '\r\u001b[K', '\u0000', '\u007f',
  'x\u0085extraObjects: [{apiVersion: v1, kind: ConfigMap}]\u0085#', 'a\u2028b: 1\u2029#', '\ufeffbom', '<!-- </script>', '"\'\n#',
];

/** A hostile string in a place that reaches output: the name, a target or claims key, an unknown field, a bucket name. */
function neutralCase(rng: Rng): Omit<FuzzCase, 'id' | 'kind'> {
  const m = mat();
  const f = rng.pick(SHIPPED);
  const doc = structuredClone(m.docs[f]!);
  const s = `n${rng.pick(NEUTRAL)}${rng.chance(0.5) ? rng.pick(NEUTRAL) : ''}`;
  const where = rng.pick(['name', 'name', 'targets', 'unknown', 'claims', 'bucket']);
  let argv: string[];
  if (where === 'name') doc['name'] = s;
  else if (where === 'targets') doc['targets'] = { [s]: 1 };
  else if (where === 'claims') doc['claims'] = { [s]: '1..2' };
  else if (where === 'unknown') doc[s] = 1;
  const file = 'case.yaml';
  const cmd = rng.pick(['plan', 'plan-json', 'plan-md', 'helm-values', 'helm-values', 'check']);
  if (where === 'bucket' || cmd === 'helm-values') argv = ['helm-values', scenarioArg(file), ...(where === 'bucket' ? ['--chunks-bucket', s] : [])];
  else if (cmd === 'check') argv = ['check', scenarioArg(file)];
  else argv = ['plan', scenarioArg(file), ...(cmd === 'plan-json' ? ['--format', 'json'] : cmd === 'plan-md' ? ['--format', 'md'] : [])];
  return { note: `${JSON.stringify(s)} in ${where}, ${argv[0]}`, files: { ...m.texts, [file]: JSON.stringify(doc) }, argv };
}

const outArgs = (rng: Rng): string[] => (rng.chance(0.35) ? ['--out', '{out}'] : rng.chance(0.5) ? ['--format', 'json'] : []);

const KINDS: [string, number, (rng: Rng) => Omit<FuzzCase, 'id' | 'kind'>][] = [
  ['tree', 30, treeCase],
  ['text', 20, textCase],
  ['extreme', 20, extremeCase],
  ['prices', 14, pricesCase],
  ['extends', 6, extendsCase],
  ['argv', 5, argvCase],
  ['aliases', 3, aliasCase],
  ['large', 2, largeCase],
  ['neutral', 8, neutralCase],
];
const TOTAL = KINDS.reduce((a, [, w]) => a + w, 0);

export function generateCase(seed: number, index: number): FuzzCase {
  const rng = new Rng(caseSeed(seed, index));
  let r = rng.int(TOTAL);
  for (const [kind, w, gen] of KINDS) {
    if ((r -= w) < 0) return { id: `${seed}:${index}`, kind, ...gen(rng) };
  }
  throw new Error('unreachable');
}
