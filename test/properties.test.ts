/**
 * The model's guarantees (README, "Guarantees and limits"), checked by fast-check over generated
 * valid scenarios rather than by example. `npm test` runs a bounded number of cases per property;
 * PROPERTY_RUNS=N runs more, and a failure prints the seed and path to replay it
 * (fc.assert's { seed, path } in the failure message).
 */
import { dirname, resolve } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { ModelLimitError } from '../src/errors.js';
import { plan } from '../src/model/plan.js';
import type { Plan, SidePlan } from '../src/model/types.js';
import { CATEGORIES } from '../src/model/types.js';
import { renderJson } from '../src/report/json.js';
import { renderTable } from '../src/report/table.js';
import { fromDocument, loadScenario } from '../src/scenario/load.js';
import { snapshotBook } from '../src/sources/snapshot.js';
import { ingestArb, ingestDoc, restArb, retentionArb, scenarioArb, type Doc } from './arbitraries.js';
import { FORMATS } from './formats.js';
import { ROOT } from './helpers.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);
const opts = { numRuns: RUNS };
vi.setConfig({ testTimeout: Math.max(30_000, RUNS * 200) }); // the unit-forms property plans 7 times per case

const FILE = resolve(ROOT, 'test/fixtures/generated.yaml');
const noFiles = (p: string): string => {
  throw Object.assign(new Error(`no file ${p}`), { code: 'ENOENT' });
};
const planDoc = (doc: Doc): Plan => plan(fromDocument(structuredClone(doc), FILE, noFiles), snapshotBook);
const sides = (p: Plan): SidePlan[] => (p.baseline ? [p, p.baseline] : [p]);

describe('money is never negative, NaN or infinite', () => {
  it('every line, category, total and delta is a finite number >= 0 (delta: finite)', () => {
    fc.assert(
      fc.property(scenarioArb, (doc) => {
        const p = planDoc(doc);
        for (const s of sides(p)) {
          for (const l of [...s.lines, ...s.omitted]) {
            for (const v of [l.quantity, l.unitPrice, l.monthlyCost]) expect(Number.isFinite(v) && v >= 0, l.id).toBe(true);
            expect(l.monthlyCost).toBeCloseTo(l.quantity * l.unitPrice, 9);
          }
          expect(Number.isFinite(s.totals.monthly) && s.totals.monthly >= 0).toBe(true);
          for (const c of CATEGORIES) expect(Number.isFinite(s.totals.byCategory[c]) && s.totals.byCategory[c] >= 0).toBe(true);
        }
        if (p.delta) expect(Number.isFinite(p.delta.monthly)).toBe(true);
      }),
      opts,
    );
  });
});

describe('totals equal the sum of the cost lines to the cent, in every format', () => {
  it.each(Object.keys(FORMATS))('%s', (name) => {
    const extract = FORMATS[name]!;
    fc.assert(
      fc.property(scenarioArb, (doc) => {
        const p = planDoc(doc);
        const f = extract(p);
        expect(f.sides.length).toBe(p.baseline ? 2 : 1);
        for (const s of f.sides) {
          const tol = f.tolerance(s.lines.length) + 1e-9;
          const sum = s.lines.reduce((a, [, c]) => a + c, 0);
          expect(Math.abs(sum - s.total), `${s.side}: lines ${sum} vs total ${s.total}`).toBeLessThanOrEqual(tol);
          const cats = Object.values(s.byCategory).reduce((a, c) => a + c, 0);
          expect(Math.abs(cats - s.total), `${s.side}: categories ${cats} vs total ${s.total}`).toBeLessThanOrEqual(tol);
          for (const c of CATEGORIES) {
            const inCat = s.lines.filter(([k]) => k === c).reduce((a, [, v]) => a + v, 0);
            expect(Math.abs(inCat - (s.byCategory[c] ?? 0)), `${s.side}: ${c}`).toBeLessThanOrEqual(tol);
          }
        }
        // every format agrees with the plan's exact total to within half a cent per line (each line rounded on its own)
        expect(Math.abs(f.sides[0]!.total - p.totals.monthly * 100)).toBeLessThanOrEqual(p.lines.length / 2 + 1e-6);
      }),
      opts,
    );
  });
});

/** Cost and every target's replicas, for the monotonicity properties. */
function shape(p: Plan) {
  return sides(p).map((s) => ({
    total: s.totals.monthly,
    replicas: Object.fromEntries(s.topology.targets.map((t) => [t.name, t.replicas])),
  }));
}
function expectNoFall(before: Plan, after: Plan) {
  const a = shape(before);
  const b = shape(after);
  a.forEach((x, i) => {
    const y = b[i]!;
    expect(y.total, `side ${i} total`).toBeGreaterThanOrEqual(x.total - 1e-9 * Math.max(1, x.total));
    for (const [t, r] of Object.entries(x.replicas)) expect(y.replicas[t], `side ${i} ${t} replicas`).toBeGreaterThanOrEqual(r);
  });
}

describe('cost and replicas never fall when ingest or retention rises (other inputs fixed)', () => {
  it('more ingest', () => {
    fc.assert(
      fc.property(restArb, ingestArb(10_000), retentionArb, fc.double({ min: 1, max: 10, noNaN: true }), (rest, ing, ret, k) => {
        const doc = (g: number) => ({ ...rest, ingest: ingestDoc({ ...ing, gbPerDay: g }), retention: `${ret} days` });
        const small = planDoc(doc(ing.gbPerDay));
        let big: Plan;
        try {
          big = planDoc(doc(ing.gbPerDay * k));
        } catch (e) {
          // up to 100 TB/day: more ingest may leave what the model covers (e.g. 1,000 replicas at RF 1 over 2 zones), which is refused, not a fall
          if (e instanceof ModelLimitError) return fc.pre(false);
          throw e;
        }
        expectNoFall(small, big);
      }),
      opts,
    );
  });
  it('longer retention', () => {
    fc.assert(
      fc.property(restArb, ingestArb(), retentionArb, fc.integer({ min: 1, max: 400 }), (rest, ing, ret, more) => {
        const doc = (r: number) => ({ ...rest, ingest: ingestDoc(ing), retention: `${r} days` });
        expectNoFall(planDoc(doc(ret)), planDoc(doc(Math.min(3650, ret + more))));
      }),
      opts,
    );
  });
});

/**
 * "The same plan": everything in the JSON but the lines/s the workload was written with. Numbers
 * agree to 1e-9 relative (the forms differ in the last bits of a double), or to the micro-dollar
 * JSON rounds to; text agrees but for the last digit of a number on a rounding boundary.
 */
function expectSamePlan(a: unknown, b: unknown, path = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    // JSON rounds amounts to the micro-dollar: two values a hair apart can round one micro-dollar apart
    expect(Math.abs(a - b), `${path}: ${a} vs ${b}`).toBeLessThanOrEqual(Math.max(1e-9 * Math.max(Math.abs(a), Math.abs(b)), 1.000001e-6));
  } else if (Array.isArray(a) && Array.isArray(b)) {
    expect(b.length, path).toBe(a.length);
    a.forEach((x, i) => expectSamePlan(x, b[i], `${path}[${i}]`));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const skip = (k: string) => k === 'linesPerSecond';
    const ka = Object.keys(a).filter((k) => !skip(k));
    expect(Object.keys(b).filter((k) => !skip(k)), path).toEqual(ka);
    for (const k of ka) expectSamePlan((a as Doc)[k], (b as Doc)[k], `${path}.${k}`);
  } else if (typeof a === 'string' && typeof b === 'string') {
    expectSameText(a, b, path);
  } else {
    expect(b, path).toEqual(a);
  }
}

/**
 * Text is the same but for the last printed digit of a number that sits on a rounding boundary
 * (16,586,437.5 objects/day prints as ...437 or ...438 depending on the last bit of a double).
 */
function expectSameText(a: string, b: string, path: string): void {
  const NUM = /\d[\d,]*(?:\.\d+)?/g;
  const ta = a.split(NUM);
  expect(b.split(NUM), `${path}: ${a} vs ${b}`).toEqual(ta);
  const na = a.match(NUM) ?? [];
  const nb = b.match(NUM) ?? [];
  na.forEach((x, i) => {
    const y = nb[i]!;
    const ulp = (s: string) => 10 ** -(s.split('.')[1]?.length ?? 0);
    const diff = Math.abs(Number(x.replace(/,/g, '')) - Number(y.replace(/,/g, '')));
    expect(diff, `${path}: ${a} vs ${b}`).toBeLessThanOrEqual(Math.max(ulp(x), ulp(y)) * (1 + 1e-9));
  });
}

describe('one workload, any way of writing it, gives the same plan', () => {
  it('lines/s x line size = B/s = GB/day = GiB/day = TB/day = TiB/day', () => {
    fc.assert(
      fc.property(
        restArb,
        retentionArb,
        fc.integer({ min: 100, max: 500_000 }),
        fc.integer({ min: 50, max: 1000 }),
        (rest, ret, lines, size) => {
          const perDay = lines * size * 86400;
          fc.pre(perDay >= 1.01e9);
          const forms: Doc[] = [
            { rate: `${lines} lines/s`, avgLineSize: `${size} B` },
            { rate: `${lines * 60} lines/minute`, avgLineSize: `${size / 1000} kB` },
            { volume: `${lines * size} B/s` },
            { volume: `${perDay / 1e9} GB/day` },
            { volume: `${perDay / 2 ** 30} GiB/day` },
            { volume: `${perDay / 1e12} TB/day` },
            { volume: `${perDay / 2 ** 40} TiB/day` },
          ];
          const plans = forms.map((ingest) => JSON.parse(renderJson([planDoc({ ...rest, ingest, retention: `${ret} days` })])).plans[0]);
          // line rates carry the line count (the ruler's samples, one per matching line, and idle flushes use it);
          // a volume does not, so rate forms agree with rate forms and volume forms with volume forms
          expectSamePlan(plans[0], plans[1]);
          for (const p of plans.slice(3)) expectSamePlan(plans[2], p);
        },
      ),
      opts,
    );
  });
});

describe('extends with no overrides plans exactly like the base', () => {
  it('a chain of 1 to 5 files that only extend gives byte-identical JSON and table', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 5 }), (doc, depth) => {
        const dir = resolve(ROOT, 'test/fixtures/virtual');
        const files = new Map<string, string>([[resolve(dir, 'base.yaml'), stringify(doc)]]);
        let top = 'base.yaml';
        for (let i = 0; i < depth; i++) {
          const name = i % 2 ? `child-${i}.yaml` : `sub${i}/child-${i}.yaml`;
          files.set(resolve(dir, name), `extends: ${JSON.stringify(resolve(dir, top).replace(dirname(resolve(dir, name)) + '/', ''))}\n`);
          top = name;
        }
        const read = (p: string) => {
          const t = files.get(p);
          if (t === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
          return t;
        };
        const base = plan(loadScenario(resolve(dir, 'base.yaml'), read), snapshotBook);
        const child = plan(loadScenario(resolve(dir, top), read), snapshotBook);
        expect(renderJson([child])).toBe(renderJson([base]));
        expect(renderTable(child)).toBe(renderTable(base));
      }),
      opts,
    );
  });
});

describe('planning is deterministic', () => {
  it('same input, byte-identical JSON, whatever was planned in between', () => {
    fc.assert(
      fc.property(scenarioArb, scenarioArb, (a, b) => {
        const first = renderJson([planDoc(a)]);
        renderJson([planDoc(b)]);
        expect(renderJson([planDoc(a)])).toBe(first);
        expect(renderJson([planDoc(structuredClone(a))])).toBe(first);
      }),
      opts,
    );
  });
});
