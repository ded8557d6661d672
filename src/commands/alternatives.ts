/** `plan --alternatives`: price the plan's workload on managed and SaaS log services and attach it. */
import { LokiplanError, ModelLimitError, ScenarioError } from '../errors.js';
import { LIMITS, OUTSIDE } from '../model/coverage.js';
import { fmtUsd } from '../model/format.js';
import { didYouMean } from '../scenario/load.js';
import { alternatives, ALTERNATIVE_NAMES } from '../model/alternatives.js';
import type { AlternativeId } from '../model/types.js';
import { toCents } from '../text/money.js';
import type { PricedOther } from '../whatif/growth.js';
import type { PriceBook } from '../model/prices.js';
import type { Plan, Scenario } from '../model/types.js';
import { workload } from '../model/workload.js';
import { ALTERNATIVE_DEFAULTS } from '../scenario/normalise.js';
import { ALTERNATIVE_IDS, alternativeKeys, DATADOG_RETENTION_TIERS } from '../model/alternatives.js';
import { alternativePrices, alternativesLookup } from '../sources/alternatives.js';

/** Every key a quote may replace: each alternative's keys (every retention tier) and the shipped book's. */
function quotableKeys(): string[] {
  const doc = alternativePrices();
  const model = ALTERNATIVE_IDS.flatMap((id) => [1, ...DATADOG_RETENTION_TIERS, Infinity].flatMap((days) => alternativeKeys(id, days)));
  return [...new Set([...model, ...Object.values(doc.aws).flatMap((r) => Object.keys(r)), ...Object.keys(doc.saas)])];
}

/**
 * A quote must name a key an alternative is priced with: a typo or a case change would otherwise
 * leave the list price in place, silently.
 */
function checkQuotes(s: Scenario, quotes: Record<string, string>): void {
  const known = quotableKeys();
  for (const k of Object.keys(quotes)) {
    if (known.includes(k)) continue;
    const guess = didYouMean(k, known);
    throw new ScenarioError(s.file, `alternatives.quotes.${k}`, `not a price key of any alternative${guess ? `; did you mean ${guess}?` : ''} (lokiplan plan --alternatives lists each line's key)`);
  }
}

/** An alternative's bill inside what a plan can add up exactly, as a plan's own total is. */
function checkBill(s: Scenario, priced: readonly { name: string; monthly: number }[]): void {
  for (const a of priced) {
    if (Number.isFinite(a.monthly) && a.monthly >= 0 && a.monthly <= LIMITS.monthlyUsd) continue;
    throw new ModelLimitError(`${s.file}: alternatives: ${OUTSIDE}: ${a.name} would cost ${Number.isFinite(a.monthly) ? fmtUsd(a.monthly) : 'an unbounded amount'} a month; amounts above ${fmtUsd(LIMITS.monthlyUsd)} a month cannot be added up exactly (check alternatives.eventSize and the quotes)`);
  }
}

/** Settings when `--alternatives` is given and the scenario has no `alternatives:` block. */
export function defaultSettings(_s: Scenario): NonNullable<Scenario['alternatives']> {
  return { include: ALTERNATIVE_IDS, compressionRatio: null, ...ALTERNATIVE_DEFAULTS, quotes: {} };
}

export function attachAlternatives(p: Plan, s: Scenario, books: (region: string) => PriceBook, force: boolean): void {
  const settings = s.alternatives ?? (force ? defaultSettings(s) : null);
  if (!settings) return;
  checkQuotes(s, settings.quotes);
  const lookup = alternativesLookup(s.region, books(s.region), settings.quotes);
  p.alternatives = alternatives(s, workload(s), lookup, settings);
  checkBill(s, p.alternatives.priced);
}

/** `--against alt:<id>`: break even against a managed or SaaS log service (plan --alternatives). */
export const ALT_PREFIX = 'alt:';

export function alternativeOther(base: Scenario, id: string, books: (region: string) => PriceBook): PricedOther {
  if (!(ALTERNATIVE_IDS as readonly string[]).includes(id)) {
    throw new LokiplanError(`--against ${ALT_PREFIX}${id}: unknown alternative; one of ${ALTERNATIVE_IDS.map((a) => ALT_PREFIX + a).join(', ')}`);
  }
  const alt = id as AlternativeId;
  const settings = { ...(base.alternatives ?? defaultSettings(base)), include: [alt] };
  checkQuotes(base, settings.quotes);
  const lookup = alternativesLookup(base.region, books(base.region), settings.quotes);
  const first = alternatives(base, workload(base), lookup, settings);
  checkBill(base, first.priced);
  if (first.unpriced.length) throw new LokiplanError(`--against ${ALT_PREFIX}${id}: ${first.unpriced[0]!.unpriced}`);
  return {
    name: ALTERNATIVE_NAMES[alt],
    cents(s) {
      const r = alternatives(s, workload(s), lookup, settings).priced[0];
      return r ? r.lines.reduce((a, l) => a + toCents(l.monthlyCost), 0) : null;
    },
  };
}


/** Every alternative the scenario's settings include that can be priced in its region, as break-even sides. */
export function alternativeOthers(base: Scenario, books: (region: string) => PriceBook): PricedOther[] {
  const settings = base.alternatives ?? defaultSettings(base);
  const lookup = alternativesLookup(base.region, books(base.region), settings.quotes);
  const first = alternatives(base, workload(base), lookup, settings);
  return first.priced.map((a) => alternativeOther(base, a.id, books));
}
