/** `lokiplan plan FILE...`: load, plan against a price book, render, write atomically. */
import { join } from 'node:path';
import { ScenarioError, PriceNotFoundError } from '../errors.js';
import { plan } from '../model/plan.js';
import type { Plan, Scenario } from '../model/types.js';
import { renderJson } from '../report/json.js';
import { renderTable } from '../report/table.js';
import { loadScenario } from '../scenario/load.js';
import { priceBooks, readText, writeAtomic, loadPriceBookFile } from './io.js';
import { SourceError } from '../errors.js';
import type { PriceBook } from '../model/prices.js';
import { priceBookFrom, type PriceBookDocument } from '../sources/pricebook.js';
import { snapshotBook, snapshotDocument } from '../sources/snapshot.js';
import { endProgress, fetchContext, spotDays, type AwsOptions } from './aws.js';
import { compare, getActuals } from './actuals.js';
import { liveDocument, LIVE_SOURCE_ID } from '../sources/live.js';

export interface PlanOptions extends AwsOptions {
  format: 'table' | 'json';
  prices: string;
  out?: string;
  check?: boolean;
  fallback?: string;
  commitments?: string;
  actuals?: string;
  actualsMonths?: string;
}

export const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'scenario';

export function planFiles(files: string[], prices: string): Plan[] {
  const books = priceBooks(prices);
  return files.map((f) => {
    const s = loadScenario(f, readText);
    return plan(s, regionChecked(books, s));
  });
}

/**
 * Lay a negotiated-rates file (commitments, enterprise discount, price entries) over a document,
 * region by region: the base's list prices stay, the file's entries win.
 */
export function withNegotiated(base: PriceBookDocument, overlay: PriceBookDocument): PriceBookDocument {
  const regions = { ...base.regions };
  for (const [r, o] of Object.entries(overlay.regions)) {
    const b = regions[r];
    if (!b) continue;
    const merged = { ...b, prices: { ...b.prices, ...o.prices } };
    if (o.commitments) merged.commitments = o.commitments;
    if (o.enterpriseDiscount) merged.enterpriseDiscount = o.enterpriseDiscount;
    regions[r] = merged;
  }
  return { ...base, regions };
}

/** Price books for `--prices live` (through the cache), with `--fallback snapshot` and `--commitments FILE`. */
async function bookSource(scenarios: Scenario[], o: PlanOptions): Promise<(region: string) => PriceBook> {
  const overlay = o.commitments ? loadPriceBookFile(o.commitments) : null;
  if (o.fallback !== undefined && o.fallback !== 'snapshot') throw new SourceError(`--fallback takes 'snapshot', got ${JSON.stringify(o.fallback)}`);
  if (o.prices !== 'live') {
    if (!overlay) return priceBooks(o.prices);
    const base = o.prices === 'snapshot' ? snapshotDocument() : loadPriceBookFile(o.prices);
    const doc = withNegotiated(base, overlay);
    const id = `${o.prices === 'snapshot' ? 'snapshot' : `file:${o.prices}`} + file:${o.commitments}`;
    return (region) => priceBookFrom(doc, region, id);
  }
  const regions = new Map<string, Set<string>>();
  for (const s of scenarios) {
    for (const x of [s, s.baseline]) {
      if (!x) continue;
      const set = regions.get(x.region) ?? new Set<string>();
      for (const t of x.compute.instanceTypes) set.add(t);
      regions.set(x.region, set);
    }
  }
  const ctx = fetchContext(o, 'fetching live prices');
  let doc: PriceBookDocument;
  try {
    doc = await liveDocument(new Map([...regions].map(([r, t]) => [r, [...t]])), { ...ctx, spotDays: spotDays(o) });
  } catch (e) {
    if (!(e instanceof SourceError) || o.fallback !== 'snapshot') throw e;
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const why = e.message.replace(/^lokiplan: /, '');
    process.stderr.write(`lokiplan: live prices failed, using the embedded snapshot (--fallback snapshot): ${why}\n`);
    const note = `FALLBACK: live AWS prices failed (${why}); every price is from the embedded snapshot`;
    const base = overlay ? withNegotiated(snapshotDocument(), overlay) : null;
    return (region) => ({ ...(base ? priceBookFrom(base, region, 'snapshot') : snapshotBook(region)), note });
  }
  endProgress(ctx.stats, `live prices for ${[...regions.keys()].join(', ')}`);
  if (overlay) doc = withNegotiated(doc, overlay);
  const id = overlay ? `${LIVE_SOURCE_ID} + file:${o.commitments}` : LIVE_SOURCE_ID;
  return (region) => priceBookFrom(doc, region, id);
}

/** An unknown region is a scenario error naming the field, not a missing price. */
function regionChecked(books: ReturnType<typeof priceBooks>, s: Scenario) {
  return (region: string) => {
    try {
      return books(region);
    } catch (e) {
      if (e instanceof PriceNotFoundError && e.key === '*') {
        throw new ScenarioError(s.file, 'region', `unknown region ${JSON.stringify(region)}: ${e.message.replace(/^.*?: /, '')}`);
      }
      throw e;
    }
  };
}

export async function runPlan(files: string[], o: PlanOptions, stdout: (s: string) => void): Promise<number> {
  let plans: Plan[];
  if (o.prices === 'live' || o.commitments || o.actuals) {
    const scenarios = files.map((f) => loadScenario(f, readText));
    const books = await bookSource(scenarios, o);
    plans = scenarios.map((s) => plan(s, regionChecked(books, s)));
    if (o.actuals) {
      const a = await getActuals(o.actuals, o.actualsMonths ?? '3', o);
      for (const p of plans) p.actuals = compare(p, a);
    }
  } else {
    plans = planFiles(files, o.prices);
  }
  const render = (ps: Plan[]) => (o.format === 'json' ? renderJson(ps) : ps.map(renderTable).join('\n'));
  if (o.out) {
    // everything is rendered before anything is written: no partial report on error
    const outputs = plans.flatMap((p, i) => {
      const dir = join(o.out!, slug(files.length > 1 ? `${p.scenario}` : p.scenario));
      void i;
      return [
        { path: join(dir, 'plan.json'), body: renderJson([p]) },
        { path: join(dir, 'plan.txt'), body: renderTable(p) },
      ];
    });
    for (const x of outputs) writeAtomic(x.path, x.body);
    stdout(outputs.map((x) => `wrote ${x.path}`).join('\n') + '\n');
  } else {
    stdout(render(plans));
  }
  if (o.check && plans.some((p) => !p.meetsTarget || p.claims.some((c) => !c.holds))) return 1;
  return 0;
}
