/**
 * `lokiplan prices refresh --region R [--out FILE]`: fetch live prices and write them in the
 * embedded snapshot's format (merging into FILE, atomically; a failed refresh leaves it intact).
 * `lokiplan prices show --region R`: every price the model will use, with its source.
 */
import type { RunContext } from './context.js';
import { existsSync } from 'node:fs';
import { PriceBookError, SourceError } from '../errors.js';
import { catalogueKeys, familyOf, isAlternativeKey, keyOrder, neededByRegion } from '../model/price-catalogue.js';
import type { PriceBook } from '../model/prices.js';
import type { CostLine, Scenario } from '../model/types.js';
import { fitTable, fitText } from '../report/fit.js';
import { plan } from '../model/plan.js';
import { terminalWidth, type TerminalOptions } from './terminal.js';
import { ALL_INSTANCE_TYPES, fetchableKeys, fetchRegionBody, LIVE_SOURCE_ID } from '../sources/live.js';
import { parsePriceBookDocument, priceBookFrom, PRICEBOOK_FORMAT, type PriceBookDocument } from '../sources/pricebook.js';
import { snapshotBook } from '../sources/snapshot.js';
import { loadScenario } from '../scenario/load.js';
import { csv, endProgress, fetchContext, notice, spotDays, type AwsOptions } from './aws.js';
import { loadPriceBookFile, outputTarget, readText, withFileLock, writeAtomic } from './io.js';

export interface RefreshOptions extends AwsOptions {
  region: string;
  out?: string;
  instanceTypes?: string;
  scenario?: string[];
}

/** Instance types: --instance-types, else those of --scenario files (and baselines), else the default set. */
function typesFor(o: { instanceTypes?: string; scenario?: string[] }): string[] {
  const listed = csv(o.instanceTypes);
  if (listed.length) return listed;
  if (o.scenario?.length) {
    const out = new Set<string>();
    for (const s of scenariosOf(o)) for (const x of [s, s.baseline]) for (const t of x?.compute.instanceTypes ?? []) out.add(t);
    return [...out];
  }
  return ALL_INSTANCE_TYPES();
}

const scenariosOf = (o: { scenario?: string[] }): Scenario[] => (o.scenario ?? []).map((f) => loadScenario(f, readText));

export async function runPricesRefresh(o: RefreshOptions, ctx: RunContext): Promise<number> {
  const fc = fetchContext(o, `fetching prices for ${o.region}`, ctx, { forceRefresh: true });
  const empty: PriceBookDocument = { format: PRICEBOOK_FORMAT, currency: 'USD', description: 'AWS list prices from the Price List Query API and EC2 spot price history. Regenerate with `lokiplan prices refresh`.', regions: {} };
  // a link is followed to the book it names (never replaced); a device or FIFO is written through, unread
  const target = o.out ? outputTarget(o.out) : null;
  const read = () => (target && !target.through && existsSync(target.path) ? loadPriceBookFile(target.path, ctx.now()) : empty);
  // read the existing file first: a refresh never replaces a file it could not have merged into
  read();
  // every fetchable key for the instance types, and whatever the named scenarios need besides
  const needed = (neededByRegion(scenariosOf(o)).get(o.region) ?? []).filter((k) => familyOf(k)?.family.source !== 'commitments');
  const body = await fetchRegionBody(o.region, [...new Set([...fetchableKeys(typesFor(o)), ...needed])], { ...fc, spotDays: spotDays(o) });
  const merged = (doc: PriceBookDocument): string => {
    const old = doc.regions[o.region];
    const b = { ...body };
    if (old?.commitments) b.commitments = old.commitments;
    if (old?.enterpriseDiscount) b.enterpriseDiscount = old.enterpriseDiscount;
    const next = { ...doc, regions: { ...doc.regions, [o.region]: b } };
    parsePriceBookDocument(next, 'refreshed prices'); // never write what `plan --prices FILE` would reject
    return `${JSON.stringify(next, null, 1)}\n`;
  };
  const n = Object.keys(body.prices).length;
  const missing = Object.entries(body.missing ?? {});
  const lacking = missing.length ? `; ${missing.length} not found (listed under regions.${o.region}.missing)` : '';
  if (o.out) {
    const out = target!;
    // read, merge and write under a lock: two refreshes of other regions into one file both land
    if (out.through) writeAtomic(out.path, merged(empty), ctx);
    else await withFileLock(out.path, ctx, () => writeAtomic(out.path, merged(read()), ctx));
    endProgress(fc.stats, `wrote ${n} prices for ${o.region} to ${o.out}${lacking}`, ctx);
  } else {
    const text = merged(empty);
    ctx.stdout(text);
    endProgress(fc.stats, `fetched ${n} prices for ${o.region}${lacking}`, ctx);
  }
  for (const [k, why] of missing) notice(`not found: ${k}: ${why}`, ctx);
  // the book is written either way; a key a named scenario needs makes the refresh fail
  // (an alternative's key only leaves that alternative unpriced: plan --alternatives says so)
  const blocking = needed.find((k) => !isAlternativeKey(k) && !Object.hasOwn(body.prices, k));
  if (blocking) {
    throw new SourceError(`prices refresh: ${blocking} (needed by ${o.scenario!.join(', ')}) was not found in ${o.region}: ${body.missing?.[blocking] ?? 'no product'}; price it in a price book (--prices FILE) or a scenario override (prices.overrides)`);
  }
  return 0;
}

export interface ShowOptions extends AwsOptions, TerminalOptions {
  region: string;
  prices: string;
  instanceTypes?: string;
  scenario?: string[];
  format: 'table' | 'json';
}

export async function runPricesShow(o: ShowOptions, ctx: RunContext): Promise<number> {
  const types = typesFor(o);
  let book: PriceBook;
  let why: Record<string, string> = {};
  // the plan's keys (the alternatives' come from their own snapshot: plan --alternatives lists them)
  const needed = new Set(((o.scenario?.length ? neededByRegion(scenariosOf(o)).get(o.region) : undefined) ?? []).filter((k) => !isAlternativeKey(k)));
  if (o.prices === 'live') {
    const fc = fetchContext(o, `fetching prices for ${o.region}`, ctx);
    const fetch = [...new Set([...fetchableKeys(types), ...[...needed].filter((k) => familyOf(k)?.family.source !== 'commitments')])];
    const body = await fetchRegionBody(o.region, fetch, { ...fc, spotDays: spotDays(o) });
    why = body.missing ?? {};
    endProgress(fc.stats, `prices for ${o.region}`, ctx);
    book = priceBookFrom({ format: PRICEBOOK_FORMAT, currency: 'USD', regions: { [o.region]: body } }, o.region, LIVE_SOURCE_ID);
  } else if (o.prices === 'snapshot') {
    book = snapshotBook(o.region);
  } else {
    book = priceBookFrom(loadPriceBookFile(o.prices, ctx.now()), o.region, `file:${o.prices}`);
  }
  // what the scenarios' plans price in this region (the instance types they buy may be family
  // sizes the scenario does not list); only when every needed key is there, else the error below says which
  const scenarios = scenariosOf(o).filter((s) => s.region === o.region);
  const usedBy = new Map<string, Set<string>>();
  if ([...needed].every((k) => book.has(k))) {
    for (const s of scenarios) {
      const p = plan(s, () => book);
      const use = (side: string, lines: readonly CostLine[]) => lines.forEach((l) => usedBy.set(l.priceKey, (usedBy.get(l.priceKey) ?? new Set()).add(side)));
      use('plan', [...p.lines, ...p.omitted]);
      if (p.baseline) use('baseline', [...p.baseline.lines, ...p.baseline.omitted]);
    }
  }
  const used = (k: string) => [...(usedBy.get(k) ?? [])].join(', ');
  // the keys the snapshot carries, the scenarios need and their plans price, in catalogue order; commitment rates where the book has them
  const keys = [...new Set([...catalogueKeys(types, (f) => f.snapshot !== 'none' || f.source === 'commitments'), ...needed, ...usedBy.keys()])]
    .filter((k) => familyOf(k)?.family.source !== 'commitments' || book.has(k))
    .sort((a, b) => keyOrder(a) - keyOrder(b) || (a < b ? -1 : 1));
  const rows = keys.map((k) => {
    if (!book.has(k)) return { key: k, unit: '-', usd: 'MISSING', category: '-', sku: '', usedBy: used(k), source: why[k] ?? `not in ${book.id}` };
    const p = book.get(k);
    const usd = p.tiers.length === 1 ? p.tiers[0]!.usd : p.tiers.map((t) => `${t.usd}${t.to === null ? '' : ` to ${t.to}`}`).join(', then ');
    const category = p.pricingCategory ?? (k.startsWith('ec2.ondemand.') ? 'on-demand' : 'usage');
    return { key: k, unit: p.unit, usd, category, sku: p.sku ?? '', usedBy: used(k), source: p.source };
  });
  const missing = rows.filter((r) => r.usd === 'MISSING');
  const head = `prices for ${book.region}: ${book.id}, ${book.fetchedAt ? `fetched ${book.fetchedAt}` : `as of ${book.asOf}`}${book.spotWindow ? `; spot: average over ${book.spotWindow}` : ''}`;
  if (o.format === 'json') {
    ctx.stdout(`${JSON.stringify({ source: book.id, region: book.region, asOf: book.asOf, fetchedAt: book.fetchedAt ?? null, spotWindow: book.spotWindow ?? null, prices: rows }, null, 2)}\n`);
  } else {
    // the columns that say something (no sku column for the snapshot, no "used by" without --scenario)
    const cols = (['key', 'unit', 'usd', 'category', 'sku', 'usedBy', 'source'] as const).filter((c) => !['sku', 'usedBy'].includes(c) || rows.some((r) => r[c] !== ''));
    const title: Record<(typeof cols)[number], string> = { key: 'key', unit: 'unit', usd: 'USD', category: 'category', sku: 'sku', usedBy: 'used by', source: 'source' };
    const t = [cols.map((c) => title[c]), ...rows.map((r) => cols.map((c) => r[c]))];
    const at = (c: (typeof cols)[number]) => cols.indexOf(c);
    const fit = { width: terminalWidth(ctx, o), flex: at('source'), wrap: [at('usd')], spill: [at('sku'), at('category'), at('usedBy')].filter((c) => c >= 0) };
    ctx.stdout(`${fitText(head, fit.width)}\n${fitTable(t, [], fit)}\n`);
  }
  // missing keys are listed; only one a named scenario needs fails the command
  const blocking = missing.filter((m) => needed.has(m.key));
  if (blocking.length) throw new PriceBookError(book.id, blocking[0]!.key, `${blocking.length} price(s) ${o.scenario!.join(', ')} need are missing: ${blocking.map((m) => m.key).join(', ')}`);
  if (missing.length) notice(`${missing.length} price(s) missing in ${book.id} (listed as MISSING): ${missing.map((m) => m.key).join(', ')}`, ctx);
  return 0;
}
