/**
 * Issue 30 item 5: for any input the bounds of the other input paths accept (alternatives quotes
 * and settings here, beside the scenario arbitraries of properties.test.ts), every money figure is
 * finite, never negative, and adds up to the cent: in the model and in the JSON and table outputs.
 * An input past the bounds is a one-line refusal (ModelLimitError / ScenarioError), never a figure.
 */
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { attachAlternatives } from '../src/commands/alternatives.js';
import { LokiplanError } from '../src/errors.js';
import { LIMITS } from '../src/model/coverage.js';
import { plan } from '../src/model/plan.js';
import { renderJson } from '../src/report/json.js';
import { renderTable } from '../src/report/table.js';
import { fromDocument } from '../src/scenario/load.js';
import { snapshotBook } from '../src/sources/snapshot.js';
import { toCents } from '../src/text/money.js';
import { scenarioArb, type Doc } from './arbitraries.js';
import { ROOT } from './helpers.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 25);
/** A fixed seed by default (PROPERTY_SEED to explore others): the share of inputs the scenario arbitraries get refused varies by seed. */
const SEED = Number(process.env['PROPERTY_SEED'] ?? 20261207);
vi.setConfig({ testTimeout: Math.max(30_000, RUNS * 400) });
const FILE = resolve(ROOT, 'test/fixtures/generated.yaml');
const noFiles = (p: string): string => {
  throw Object.assign(new Error(`no file ${p}`), { code: 'ENOENT' });
};

const KEYS = ['datadog.logs.ingest', 'datadog.logs.index.15d', 'datadog.logs.index.30d', 'grafana-cloud.logs.process', 'grafana-cloud.logs.write', 'grafana-cloud.logs.retain', 'cloudwatch.logs.ingest.standard', 'cloudwatch.logs.storage.standard', 'opensearch.serverless.indexing-ocu'];
/** A quote the bounds accept: up to 10 digits before the point and 10 after, above zero. */
const quoteArb = fc
  .tuple(fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 9_999_999_999 }), fc.integer({ min: 0, max: 10 }))
  .map(([whole, frac, places]) => (places === 0 ? String(Math.max(1, whole)) : `${whole}.${String(frac).padStart(10, '0').slice(0, places)}`))
  .filter((s) => Number(s) > 0);
const alternativesArb = fc.record({
  quotes: fc.dictionary(fc.constantFrom(...KEYS), quoteArb, { maxKeys: 4 }),
  eventSize: fc.integer({ min: 1, max: 100_000 }).map((b) => `${b} B`),
});

/** Every number in a JSON value, with its path. */
function numbers(v: unknown, path = ''): [string, number][] {
  if (typeof v === 'number') return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => numbers(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => numbers(x, `${path}.${k}`));
  return [];
}

describe('alternatives: money finite and exact to the cent for every accepted input', () => {
  it('model, JSON and table', () => {
    let priced = 0;
    let refused = '';
    fc.assert(
      fc.property(scenarioArb, alternativesArb, (doc: Doc, alt) => {
        let p;
        try {
          const s = fromDocument(structuredClone({ ...doc, alternatives: alt }), FILE, noFiles);
          p = plan(s, snapshotBook);
          attachAlternatives(p, s, snapshotBook, true);
        } catch (e) {
          // past a bound: one line, never a figure
          expect(e).toBeInstanceOf(LokiplanError);
          expect((e as Error).message).not.toMatch(/\n|NaN|Infinity/);
          refused = (e as Error).message;
          return;
        }
        priced += p.alternatives?.priced.length ? 1 : 0;
        for (const a of p.alternatives?.priced ?? []) {
          let cents = 0;
          for (const l of a.lines) {
            expect(Number.isFinite(l.monthlyCost) && l.monthlyCost >= 0, `${a.id} ${l.priceKey}`).toBe(true);
            cents += toCents(l.monthlyCost);
          }
          expect(a.monthly).toBeLessThanOrEqual(LIMITS.monthlyUsd);
          expect(Number.isSafeInteger(cents)).toBe(true);
          // each line rounded on its own: the total is within half a cent a line of the exact sum
          expect(Math.abs(cents - a.monthly * 100)).toBeLessThanOrEqual(a.lines.length / 2 + 1e-6);
        }
        for (const [path, v] of numbers(JSON.parse(renderJson([p])))) expect(Number.isFinite(v), path).toBe(true);
        const table = renderTable(p, { width: 80 });
        expect(table).not.toMatch(/NaN|Infinity|e\+\d/);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // the property is about priced alternatives: a good share of generated inputs must get that far
    // (about half of scenarioArb's documents are refused by the scenario bounds on some seeds)
    expect(priced, `last refusal: ${refused}`).toBeGreaterThan(RUNS / 4);
  });
});
