/** `plan --alternatives`: price the plan's workload on managed and SaaS log services and attach it. */
import { alternatives } from '../model/alternatives.js';
import type { PriceBook } from '../model/prices.js';
import type { Plan, Scenario } from '../model/types.js';
import { workload } from '../model/workload.js';
import { ALTERNATIVE_DEFAULTS } from '../scenario/normalise.js';
import { ALTERNATIVE_IDS } from '../model/alternatives.js';
import { alternativesLookup } from '../sources/alternatives.js';

/** Settings when `--alternatives` is given and the scenario has no `alternatives:` block. */
export function defaultSettings(s: Scenario): NonNullable<Scenario['alternatives']> {
  return { include: ALTERNATIVE_IDS, compressionRatio: s.storage.compressionRatio, ...ALTERNATIVE_DEFAULTS, quotes: {} };
}

export function attachAlternatives(p: Plan, s: Scenario, books: (region: string) => PriceBook, force: boolean): void {
  const settings = s.alternatives ?? (force ? defaultSettings(s) : null);
  if (!settings) return;
  const lookup = alternativesLookup(s.region, books(s.region), settings.quotes);
  p.alternatives = alternatives(s, workload(s), lookup, settings);
}
