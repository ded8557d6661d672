/**
 * `lokiplan prices refresh --region R [--out FILE]`: fetch live prices and write them in the
 * embedded snapshot's format (merging into FILE, atomically; a failed refresh leaves it intact).
 * `lokiplan prices show --region R`: every price the model will use, with its source.
 */
import type { RunContext } from './context.js';
import { existsSync } from 'node:fs';
import { PriceBookError } from '../errors.js';
import { PriceKeys, type PriceBook } from '../model/prices.js';
import { table } from '../report/table.js';
import { ALL_INSTANCE_TYPES, fetchRegionBody, LIVE_SOURCE_ID } from '../sources/live.js';
import { parsePriceBookDocument, priceBookFrom, PRICEBOOK_FORMAT, type PriceBookDocument } from '../sources/pricebook.js';
import { snapshotBook } from '../sources/snapshot.js';
import { loadScenario } from '../scenario/load.js';
import { csv, endProgress, fetchContext, spotDays, type AwsOptions } from './aws.js';
import { loadPriceBookFile, readText, withFileLock, writeAtomic } from './io.js';

export interface RefreshOptions extends AwsOptions {
  region: string;
  out?: string;
  instanceTypes?: string;
  scenario?: string[];
}

/** Instance types: --instance-types, else those of --scenario files (and baselines), else all the model knows. */
function typesFor(o: { instanceTypes?: string; scenario?: string[] }): string[] {
  const listed = csv(o.instanceTypes);
  if (listed.length) return listed;
  if (o.scenario?.length) {
    const out = new Set<string>();
    for (const f of o.scenario) {
      const s = loadScenario(f, readText);
      for (const x of [s, s.baseline]) for (const t of x?.compute.instanceTypes ?? []) out.add(t);
    }
    return [...out];
  }
  return ALL_INSTANCE_TYPES();
}

export async function runPricesRefresh(o: RefreshOptions, ctx: RunContext): Promise<number> {
  const fc = fetchContext(o, `fetching prices for ${o.region}`, ctx, { forceRefresh: true });
  const empty: PriceBookDocument = { format: PRICEBOOK_FORMAT, currency: 'USD', description: 'AWS list prices from the Price List Query API and EC2 spot price history. Regenerate with `lokiplan prices refresh`.', regions: {} };
  const read = () => (o.out && existsSync(o.out) ? loadPriceBookFile(o.out, ctx.now()) : empty);
  // read the existing file first: a refresh never replaces a file it could not have merged into
  read();
  const body = await fetchRegionBody(o.region, typesFor(o), { ...fc, spotDays: spotDays(o) });
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
  if (o.out) {
    const out = o.out;
    // read, merge and write under a lock: two refreshes of other regions into one file both land
    await withFileLock(out, ctx, () => writeAtomic(out, merged(read()), ctx));
    endProgress(fc.stats, `wrote ${n} prices for ${o.region} to ${o.out}`, ctx);
  } else {
    const text = merged(empty);
    ctx.stdout(text);
    endProgress(fc.stats, `fetched ${n} prices for ${o.region}`, ctx);
  }
  return 0;
}

export interface ShowOptions extends AwsOptions {
  region: string;
  prices: string;
  instanceTypes?: string;
  scenario?: string[];
  format: 'table' | 'json';
}

/** Every key the model can ask for, for the given instance types. */
function modelKeys(types: string[]): string[] {
  return [
    ...types.flatMap((t) => [PriceKeys.ec2OnDemand(t), PriceKeys.ec2Spot(t)]),
    PriceKeys.ebsGp3Storage,
    PriceKeys.ebsGp3Iops,
    PriceKeys.ebsGp3Throughput,
    ...['STANDARD', 'INTELLIGENT_TIERING_FA', 'INTELLIGENT_TIERING_IA', 'INTELLIGENT_TIERING_AIA', 'STANDARD_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'].map(PriceKeys.s3Storage),
    PriceKeys.s3Tier1,
    PriceKeys.s3Tier2,
    ...['INTELLIGENT_TIERING', 'STANDARD_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'].map(PriceKeys.s3Transition),
    PriceKeys.s3ItMonitoring,
    PriceKeys.interAz,
    PriceKeys.eksCluster,
    PriceKeys.nlbHour,
    PriceKeys.nlbLcu,
    PriceKeys.vcpuHour,
    PriceKeys.gibHour,
  ];
}

export async function runPricesShow(o: ShowOptions, ctx: RunContext): Promise<number> {
  const types = typesFor(o);
  let book: PriceBook;
  if (o.prices === 'live') {
    const fc = fetchContext(o, `fetching prices for ${o.region}`, ctx);
    const body = await fetchRegionBody(o.region, types, { ...fc, spotDays: spotDays(o) });
    endProgress(fc.stats, `prices for ${o.region}`, ctx);
    book = priceBookFrom({ format: PRICEBOOK_FORMAT, currency: 'USD', regions: { [o.region]: body } }, o.region, LIVE_SOURCE_ID);
  } else if (o.prices === 'snapshot') {
    book = snapshotBook(o.region);
  } else {
    book = priceBookFrom(loadPriceBookFile(o.prices, ctx.now()), o.region, `file:${o.prices}`);
  }
  const keys = modelKeys(types).filter((k) => book.has(k) || !k.startsWith('ec2.committed.'));
  const committed = types.map(PriceKeys.ec2Committed).filter((k) => book.has(k));
  const rows = [...keys, ...committed].map((k) => {
    if (!book.has(k)) return { key: k, unit: '-', usd: 'MISSING', category: '-', sku: '', source: `not in ${book.id}` };
    const p = book.get(k);
    const usd = p.tiers.length === 1 ? p.tiers[0]!.usd : p.tiers.map((t) => `${t.usd}${t.to === null ? '' : ` to ${t.to}`}`).join(', then ');
    const category = p.pricingCategory ?? (k.startsWith('ec2.ondemand.') ? 'on-demand' : 'usage');
    return { key: k, unit: p.unit, usd, category, sku: p.sku ?? '', source: p.source };
  });
  const missing = rows.filter((r) => r.usd === 'MISSING');
  const head = `prices for ${book.region}: ${book.id}, ${book.fetchedAt ? `fetched ${book.fetchedAt}` : `as of ${book.asOf}`}${book.spotWindow ? `; spot: average over ${book.spotWindow}` : ''}`;
  if (o.format === 'json') {
    ctx.stdout(`${JSON.stringify({ source: book.id, region: book.region, asOf: book.asOf, fetchedAt: book.fetchedAt ?? null, spotWindow: book.spotWindow ?? null, prices: rows }, null, 2)}\n`);
  } else {
    ctx.stdout(`${head}\n${table([['key', 'unit', 'USD', 'category', 'sku', 'source'], ...rows.map((r) => [r.key, r.unit, r.usd, r.category, r.sku, r.source])])}\n`);
  }
  if (missing.length) throw new PriceBookError(book.id, missing[0]!.key, `${missing.length} price(s) the model may use are missing: ${missing.map((m) => m.key).join(', ')}`);
  return 0;
}
