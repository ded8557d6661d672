/** Shared edges of the what-if commands: load a scenario document, price books, option parsing. */
import type { RunContext } from './context.js';
import { PriceNotFoundError, ScenarioError } from '../errors.js';
import type { PriceBook } from '../model/prices.js';
import { loadDocument } from '../scenario/load.js';
import { cachedBooks } from '../whatif/grid.js';
import { WhatIfError } from '../whatif/values.js';
import { priceBooks, readText, writeAtomic } from './io.js';

export { readText };

export function loadDoc(file: string): Record<string, unknown> {
  return loadDocument(file, readText);
}

/** Cached price books; an unknown region is a scenario error naming the field. */
export function booksFor(prices: string, file: string, now: Date): (region: string) => PriceBook {
  return regionChecked(cachedBooks(priceBooks(prices, now)), file);
}

/** Books whose unknown region is a scenario error naming the field. */
export function regionChecked(books: (region: string) => PriceBook, file: string): (region: string) => PriceBook {
  return (region) => {
    try {
      return books(region);
    } catch (e) {
      if (e instanceof PriceNotFoundError && e.key === '*') {
        throw new ScenarioError(file, 'region', `unknown region ${JSON.stringify(region)}: ${e.message.replace(/^.*?: /, '')}`);
      }
      throw e;
    }
  };
}

/**
 * How heavy one plan of a scenario is: 1 per 16 KiB of its merged document (each point re-reads
 * the document; a 1 MiB scenario plans about 64x slower than a shipped one, which weighs 1).
 */
export const docWeight = (doc: unknown): number => Math.max(1, Math.ceil(JSON.stringify(doc).length / 16384));

/**
 * The work a what-if run is about to do, estimated before it starts: past `limit` (what `flag`
 * sets) it is refused in one line naming the flag that raises it; a long run says how long it is.
 */
export function checkWork(what: string, plans: number, weight: number, flag: string, limit: number, ctx: RunContext): void {
  const work = plans * weight;
  const n = (x: number) => x.toLocaleString('en-US');
  const heavy = weight > 1 ? ` of a scenario ${weight}x the weight of a small one` : '';
  if (work > limit) throw new WhatIfError(`${what}: ${n(plans)} plans${heavy} (${n(work)} units of work) is more than ${flag} ${n(limit)} allows; ask for fewer, or raise ${flag}`);
  if (work >= LONG_RUN) ctx.stderr(`lokiplan: ${what}: ${n(plans)} plans${heavy} to make; this takes a while\n`);
}
/** Units of work from which a run says it is long (about 10 s on this project's reference machine). */
const LONG_RUN = 500_000;

/** A whole number option within bounds (commander gives strings). */
export function intOption(flag: string, v: string | number | undefined, dflt: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (v === undefined) return dflt;
  const s = String(v).trim().replace(/_/g, '');
  if (!/^-?\d+$/.test(s)) throw new WhatIfError(`${flag} must be a whole number, got ${JSON.stringify(String(v))}`);
  const n = Number(s);
  if (n < min || n > max) throw new WhatIfError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** A percentage or fraction option: '10%' or 0.1. */
export function rateOption(flag: string, v: string | undefined, dflt: number, min = -0.99, max = 10): number {
  if (v === undefined) return dflt;
  const s = v.trim();
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*(%)?$/.exec(s);
  if (!m) throw new WhatIfError(`${flag} must be a percentage such as 10% or a fraction such as 0.1, got ${JSON.stringify(v)}`);
  const n = m[2] ? Number(m[1]) / 100 : Number(m[1]);
  if (!(n >= min && n <= max)) throw new WhatIfError(`${flag} must be between ${min * 100}% and ${max * 100}%, got ${JSON.stringify(v)}`);
  return n;
}

export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/**
 * Emit a what-if report: the body to `--out FILE` (atomically) or stdout, and the chart (if any)
 * to `--chart FILE`; "wrote" notes go to stdout when the body went to a file, else to stderr.
 */
export function emitReport(o: { out?: string; chart?: string }, body: string, chart: (() => string) | null, ctx: RunContext): void {
  if (o.chart && chart) writeAtomic(o.chart, chart(), ctx);
  if (o.out) {
    writeAtomic(o.out, body, ctx);
    ctx.stdout(`wrote ${o.out}\n`);
  } else ctx.stdout(body);
  if (o.chart && chart) (o.out ? ctx.stdout : ctx.stderr)(`wrote ${o.chart}\n`);
}
