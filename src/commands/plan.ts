/** `lokiplan plan FILE...`: load, plan against a price book, render, write atomically. */
import type { RunContext } from './context.js';
import { dearerSpot, priceOfHolding } from '../model/holding.js';
import { fmtUsd } from '../model/format.js';
import { basename, join } from 'node:path';
import { LokiplanError, ScenarioError, PriceNotFoundError, SourceError } from '../errors.js';
import { plan } from '../model/plan.js';
import type { PriceBook } from '../model/prices.js';
import type { Plan, Scenario } from '../model/types.js';
import { chargePeriod } from '../report/period.js';
import { RENDERER, reportFiles, type Format, type RenderOptions } from '../report/registry.js';
import { loadDocument, loadScenario } from '../scenario/load.js';
import { withValues } from '../whatif/fields.js';
import { liveDocument, LIVE_SOURCE_ID } from '../sources/live.js';
import { priceBookFrom, type PriceBookDocument } from '../sources/pricebook.js';
import { snapshotBook, snapshotDocument } from '../sources/snapshot.js';
import { fillMissing, liveKeys, snapshotFallback, withNegotiated } from '../sources/policy.js';
import { compare, getActuals } from './actuals.js';
import { cacheNote, endProgress, fetchContext, notice, spotDays, type AwsOptions } from './aws.js';
import type { SizingProfile } from '../model/profiles.js';
import { clearProgress } from './context.js';
import { paint, terminalWidth, useColour, type TerminalOptions } from './terminal.js';
import { loadPriceBookFile, loadProfileFile, priceBooks, readBounded, readChartJs, readText, scenarioReader, writeAllAtomic } from './io.js';
import { defaultName } from '../scenario/source.js';

export { FORMATS, type Format } from '../report/registry.js';

export interface PlanOptions extends AwsOptions, TerminalOptions {
  format: Format;
  prices: string;
  /** charge period YYYY-MM for CSV, HTML and Markdown (the CLI defaults it to next month) */
  period: string;
  out?: string;
  check?: boolean;
  fallback?: string;
  commitments?: string;
  actuals?: string;
  /** a calibration (lokiplan calibrate --format json) to show beside the plan */
  observed?: string;
  actualsMonths?: string;
  profile?: string;
  /** price the same workload on managed and SaaS log services (also `alternatives:` in a scenario) */
  alternatives?: boolean;
}

export const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'scenario';

export function planFiles(files: string[], prices: string, now: Date, profile?: SizingProfile, read: (p: string) => string = readText): Plan[] {
  const books = priceBooks(prices, now);
  return files.map((f) => {
    const s = loadScenario(f, read);
    return plan(s, regionChecked(books, s), profile);
  });
}

/** Plan one loaded scenario (for check and helm-values). */
export function planScenario(s: Scenario, prices: string, profile: SizingProfile, now: Date): Plan {
  return plan(s, regionChecked(priceBooks(prices, now), s), profile);
}

/**
 * `--prices snapshot|FILE` with `--commitments FILE` laid over it (plan, and the what-if page): the
 * books, and the document they read (the regions asked for and the overlay's).
 */
export function negotiatedBooks(prices: string, commitments: string | undefined, regions: readonly string[], now: Date): { priceDoc: PriceBookDocument; books: (region: string) => PriceBook; id: string } {
  const overlay = commitments ? loadPriceBookFile(commitments, now) : null;
  const base = prices === 'snapshot' ? snapshotDocument([...new Set([...regions, ...(overlay ? Object.keys(overlay.regions) : [])])]) : loadPriceBookFile(prices, now);
  const priceDoc = overlay ? withNegotiated(base, overlay) : base;
  const id = `${prices === 'snapshot' ? 'snapshot' : `file:${prices}`}${overlay ? ` + file:${commitments}` : ''}`;
  const cache = new Map<string, PriceBook>();
  const books = (region: string) => {
    let b = cache.get(region);
    if (!b) cache.set(region, (b = !overlay && prices === 'snapshot' ? snapshotBook(region) : priceBookFrom(priceDoc, region, id)));
    return b;
  };
  return { priceDoc, books, id };
}

/** Price books for `--prices live` (through the cache), with `--fallback snapshot` and `--commitments FILE` (policy: sources/policy.ts). */
async function bookSource(scenarios: Scenario[], o: PlanOptions, ctx: RunContext): Promise<(region: string) => PriceBook> {
  const overlay = o.commitments ? loadPriceBookFile(o.commitments, ctx.now()) : null;
  if (o.fallback !== undefined && o.fallback !== 'snapshot') throw new SourceError(`--fallback takes 'snapshot', got ${JSON.stringify(o.fallback)}`);
  // a region the negotiated-rates file does not name is planned at list prices there, and said so
  const regions = [...new Set(scenarios.map((s) => s.region))];
  for (const r of regions) if (overlay && !Object.hasOwn(overlay.regions, r)) notice(`--commitments ${o.commitments}: no rates for ${r}; its scenarios are planned at list prices`, ctx);
  if (o.prices !== 'live') {
    if (!overlay) return priceBooks(o.prices, ctx.now());
    return negotiatedBooks(o.prices, o.commitments, regions, ctx.now()).books;
  }
  // --alternatives asks for the alternatives' Price List keys (CloudWatch Logs, OpenSearch) too, and only then
  let asked = scenarios;
  if (o.alternatives) {
    const { defaultSettings } = await import('./alternatives.js');
    asked = scenarios.map((s) => (s.alternatives ? s : { ...s, alternatives: defaultSettings(s) }));
  }
  const { needed, fetch } = liveKeys(asked);
  const fc = fetchContext(o, 'fetching live prices', ctx);
  let doc: PriceBookDocument;
  try {
    doc = await liveDocument(fetch, { ...fc, spotDays: spotDays(o) });
  } catch (e) {
    if (!(e instanceof SourceError) || o.fallback !== 'snapshot') throw e;
    const why = e.message.replace(/^lokiplan: /, '');
    notice(`live prices failed, using the embedded snapshot (--fallback snapshot): ${why}`, ctx);
    return snapshotFallback(why, overlay);
  }
  endProgress(fc.stats, `live prices for ${[...needed.keys()].join(', ')}`, ctx);
  const notes = await fillMissing(doc, needed, o.fallback === 'snapshot', (m) => notice(m, ctx));
  if (overlay) doc = withNegotiated(doc, overlay);
  const id = overlay ? `${LIVE_SOURCE_ID} + file:${o.commitments}` : LIVE_SOURCE_ID;
  const cached = cacheNote(fc.stats, 'live prices');
  return (region) => {
    const book = priceBookFrom(doc, region, id);
    const note = notes.get(region);
    return { ...book, note: note ? `${note}; ${cached}` : cached };
  };
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

const MAX_CALIBRATION_BYTES = 4 << 20;

/** A calibration file's JSON, read bounded (checked field by field by parseCalibration); its content is never quoted. */
function readCalibration(file: string): unknown {
  const b = readBounded(file, MAX_CALIBRATION_BYTES);
  if (b.length > MAX_CALIBRATION_BYTES) throw new ScenarioError(file, '', `file is larger than ${MAX_CALIBRATION_BYTES} bytes (expected the output of lokiplan calibrate --format json)`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8').decode(b));
  } catch {
    throw new ScenarioError(file, '', 'not JSON (expected the output of lokiplan calibrate --format json)');
  }
  return json;
}

export async function runPlan(files: string[], o: PlanOptions, ctx: RunContext): Promise<number> {
  let chartJs: string | undefined;
  const ro: RenderOptions = { period: chargePeriod(o.period), chartJs: () => (chartJs ??= readChartJs()) };
  const renderer = RENDERER[o.format];
  if (renderer.onePlanOnStdout && files.length > 1 && !o.out) {
    throw new LokiplanError(`--format ${o.format} makes one page per scenario: give one scenario file, or --out DIR for all`);
  }
  const profile = loadProfileFile(o.profile);
  const read = scenarioReader(ctx);
  const scenarios = files.map((f) => loadScenario(f, read));
  const books = o.prices === 'live' || o.commitments || o.actuals ? await bookSource(scenarios, o, ctx) : priceBooks(o.prices, ctx.now());
  const plans: Plan[] = scenarios.map((s) => plan(s, regionChecked(books, s), profile));
  // commitments laid over the prices take effect only on committed capacity (compute.committed): say so when there is none
  const overlay = o.commitments ? loadPriceBookFile(o.commitments, ctx.now()) : null;
  // the price of holding: what a deployment that passes lokiplan check would cost, within the mode and in another
  plans.forEach((p, i) => {
    const s = scenarios[i]!;
    const given = overlay && Object.hasOwn(overlay.regions, s.region) ? Object.keys(overlay.regions[s.region]!.commitments ?? {}) : [];
    if (given.length && !p.topology.targets.some((t) => t.committedReplicas > 0)) {
      p.warnings.push({
        code: 'commitments-unused',
        message: `--commitments ${o.commitments}: its commitments for ${given.join(', ')} in ${s.region} price nothing here: the scenario commits no capacity (compute.committed${Object.keys(s.compute.committed).length ? ' covers no replica' : ' is not set'}); set compute.committed for the replicas they cover, e.g. compute: { committed: { write: 100% } }`,
      });
    }
    const book = regionChecked(books, s)(s.region);
    // the scenario in another mode: the mode set on its document and normalised again (shares by their names carry over)
    const doc = loadDocument(files[i]!, read);
    const h = priceOfHolding(s, p, book, profile, (m) => withValues(doc, files[i]!, read, [{ segs: ['deployment', 'mode'], path: 'deployment.mode', value: m, label: m }], 'the price of holding'));
    if (h) p.holding = h;
    for (const d of dearerSpot(s, p, book, profile)) {
      // where the target's spot pods run: nodes only spot pods use, one of its pods per node at most
      const on = p.nodes.filter((g) => g.capacityType === 'spot' && g.nodes.some((n) => n.pods.includes(d.target)));
      const where = on.map((g) => `${g.count} x ${g.instanceType}${g.dedicatedTo === d.target ? ' of its own' : ''}`).join(' and ');
      const fix = s.compute.instanceSizes === 'listed' ? 'compute.instanceSizes: family (smaller sizes of the listed families)' : 'a cheaper instance family in compute.instanceTypes';
      p.warnings.push({
        code: 'spot-raises-cost',
        message: `${d.target}: spot makes this plan dearer: ${fmtUsd(d.withSpot)} a month with ${d.target} on spot, ${fmtUsd(d.onDemand)} with it all on-demand (on spot its pods take ${where} spot nodes, at most one ${d.target} pod per node under hostname anti-affinity; on-demand they share nodes the other pods need anyway); set compute.spot.${d.target} to 0, or try ${fix}`,
      });
    }
  });
  if (o.actuals) {
    const a = await getActuals(o.actuals, o.actualsMonths ?? '3', o, ctx);
    for (const p of plans) p.actuals = compare(p, a);
  }
  if (o.observed) {
    if (!o.out && o.format !== 'table' && o.format !== 'json') {
      throw new LokiplanError(`--observed shows in --format table and json (plan.txt and plan.json under --out), not in --format ${o.format}`);
    }
    const { observedComparison, parseCalibration } = await import('../calibrate/observed.js');
    const cal = parseCalibration(readCalibration(o.observed), o.observed);
    plans.forEach((p, i) => (p.observed = observedComparison(p, scenarios[i]!, cal)));
  }
  if (o.alternatives || scenarios.some((s) => s.alternatives)) {
    const { attachAlternatives } = await import('./alternatives.js');
    plans.forEach((p, i) => attachAlternatives(p, scenarios[i]!, regionChecked(books, scenarios[i]!), o.alternatives === true));
  }
  if (o.out) {
    // everything is rendered before anything is written, and written all or nothing: no partial report
    const outputs: { path: string; body: string | Uint8Array }[] = [];
    const used = new Set<string>();
    for (const [i, p] of plans.entries()) {
      // named from the scenario file (ghost-protocol.yaml -> ghost-protocol/), which a user typed
      const stem = slug(defaultName(files[i]!)); // stdin (`-`): stdin/
      let name = stem;
      for (let n = 2; used.has(name); n++) name = `${stem}-${n}`;
      used.add(name);
      const dir = join(o.out, name);
      for (const f of await reportFiles(p, ro)) outputs.push({ path: join(dir, f.name), body: f.body });
    }
    try {
      writeAllAtomic(o.out, outputs, ctx);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (typeof err?.code === 'string') throw new LokiplanError(`--out ${o.out}: cannot write the report: ${err.message}`);
      throw e;
    }
    ctx.stdout(outputs.map((x) => `wrote ${x.path}`).join('\n') + '\n');
  } else {
    const table = o.format === 'table';
    const body = renderer.render(plans, table ? { ...ro, width: terminalWidth(ctx, o) } : ro);
    ctx.stdout(table ? paint(body, useColour(ctx, o)) : body);
  }
  if (o.check && plans.some((p) => !p.meetsTarget || p.claims.some((c) => !c.holds))) return 1;
  return 0;
}
