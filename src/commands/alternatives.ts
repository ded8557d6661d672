/** `plan --alternatives`: price the plan's workload on managed and SaaS log services and attach it. */
import { LokiplanError } from '../errors.js';
import { alternatives, ALTERNATIVE_NAMES } from '../model/alternatives.js';
import type { AlternativeId } from '../model/types.js';
import { toCents } from '../text/money.js';
import type { PricedOther } from '../whatif/growth.js';
import type { PriceBook } from '../model/prices.js';
import type { Plan, Scenario } from '../model/types.js';
import { workload } from '../model/workload.js';
import { ALTERNATIVE_DEFAULTS } from '../scenario/normalise.js';
import { ALTERNATIVE_IDS } from '../model/alternatives.js';
import { alternativesLookup } from '../sources/alternatives.js';

/** Settings when `--alternatives` is given and the scenario has no `alternatives:` block. */
export function defaultSettings(_s: Scenario): NonNullable<Scenario['alternatives']> {
  return { include: ALTERNATIVE_IDS, compressionRatio: null, ...ALTERNATIVE_DEFAULTS, quotes: {} };
}

export function attachAlternatives(p: Plan, s: Scenario, books: (region: string) => PriceBook, force: boolean): void {
  const settings = s.alternatives ?? (force ? defaultSettings(s) : null);
  if (!settings) return;
  const lookup = alternativesLookup(s.region, books(s.region), settings.quotes);
  p.alternatives = alternatives(s, workload(s), lookup, settings);
}

/** `--against alt:<id>`: break even against a managed or SaaS log service (plan --alternatives). */
export const ALT_PREFIX = 'alt:';

export function alternativeOther(base: Scenario, id: string, books: (region: string) => PriceBook): PricedOther {
  if (!(ALTERNATIVE_IDS as readonly string[]).includes(id)) {
    throw new LokiplanError(`--against ${ALT_PREFIX}${id}: unknown alternative; one of ${ALTERNATIVE_IDS.map((a) => ALT_PREFIX + a).join(', ')}`);
  }
  const alt = id as AlternativeId;
  const settings = { ...(base.alternatives ?? defaultSettings(base)), include: [alt] };
  const lookup = alternativesLookup(base.region, books(base.region), settings.quotes);
  const first = alternatives(base, workload(base), lookup, settings);
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
