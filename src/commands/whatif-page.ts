/** `lokiplan whatif FILE --out page.html`: the interactive what-if page, self-contained. */
import type { RunContext } from './context.js';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceError } from '../errors.js';
import type { Price } from '../model/prices.js';
import { renderWhatIfPage } from '../report/whatif-page.js';
import { withValues } from '../whatif/fields.js';
import { initialInputs, pageScenario, type PageData } from '../whatif/page-model.js';
import { writeAtomic } from './io.js';
import { loadDoc, readText, regionChecked } from './whatif-common.js';
import { negotiatedBooks } from './plan.js';
import { fromDocument } from '../scenario/load.js';
import { plan } from '../model/plan.js';
import { sizeCandidates } from '../model/instances.js';

export interface WhatIfPageOptions {
  out: string;
  prices: string;
  /** a price book of commitments / negotiated prices laid over --prices, as for plan */
  commitments?: string;
}

/** The browser bundle built beside the CLI (dist/whatif-app.js). */
function appBundle(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [join(here, 'whatif-app.js'), join(here, '..', '..', 'dist', 'whatif-app.js')]) {
    if (existsSync(p)) return readFileSync(p, 'utf8');
  }
  throw new SourceError('the what-if page bundle (dist/whatif-app.js) is missing; run npm run build');
}

/**
 * The page's paths: the scenario's folder becomes a virtual one as deep (so `../` in a baseline's
 * `extends` resolves alike), and every file the document reads is carried under its virtual path.
 */
function virtualFiles(file: string, read: (p: string) => string): { file: string; files: Record<string, string>; read: (p: string) => string } {
  const dir = dirname(resolve(file));
  const depth = dir.split(sep).filter(Boolean).length;
  const vdir = posix.join('/', ...Array.from({ length: depth }, () => 'scenario'));
  const virtual = (p: string) => posix.join(vdir, relative(dir, p).split(sep).join('/'));
  const files: Record<string, string> = {};
  return {
    file: posix.join(vdir, basename(file)),
    files,
    read: (p) => {
      const text = read(p);
      files[virtual(p)] = text;
      return text;
    },
  };
}

export function runWhatIfPage(file: string, o: WhatIfPageOptions, ctx: RunContext): number {
  const doc = loadDoc(file);
  const s = withValues(doc, file, readText, [], 'scenario');
  const regions = [s.region, ...(s.baseline ? [s.baseline.region] : [])];
  const { priceDoc, books: raw } = negotiatedBooks(o.prices, o.commitments, regions, ctx.now());
  const books = regionChecked(raw, file);
  // the page carries the prices its scenario can use: every listed non-EC2 price, EC2 for its
  // instance types and (compute.instanceSizes: family) the other sizes of their families
  const types = new Set([s, s.baseline].flatMap((x) => (x ? sizeCandidates(x.compute.instanceTypes, x.compute.instanceSizes) : [])));
  const ec2 = (k: string) => ['ec2.ondemand.', 'ec2.spot.', 'ec2.committed.'].find((p) => k.startsWith(p));
  const prices: PageData['prices'] = {};
  for (const region of new Set([s.region, ...(s.baseline ? [s.baseline.region] : [])])) {
    const book = books(region);
    const all: Record<string, Price> = {};
    const listed = Object.keys(priceDoc.regions[region]!.prices).filter((k) => !ec2(k));
    const instance = [...types].flatMap((t) => ['ec2.ondemand.', 'ec2.spot.', 'ec2.committed.'].map((p) => p + t)).filter((k) => book.has(k));
    for (const k of [...listed, ...instance]) all[k] = book.get(k);
    prices[region] = { asOf: book.asOf, prices: all };
  }
  const v = virtualFiles(file, readText);
  fromDocument(doc, v.file, v.read); // records the files the document reads under their virtual paths
  const data: PageData = { scenario: s, doc, file: v.file, files: v.files, priceSource: books(s.region).id, prices, initial: initialInputs(s) };
  plan(pageScenario(data, data.initial), books); // the page's starting point plans in the CLI too
  writeAtomic(o.out, renderWhatIfPage(data, appBundle()), ctx);
  ctx.stdout(`wrote ${o.out}\n`);
  return 0;
}
