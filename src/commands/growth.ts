/** `lokiplan growth FILE --growth 10% --months 12`: forecast, sizing steps, limits and break-even. */
import { growthChart, renderGrowth, type GrowthReport } from '../report/growth.js';
import type { WhatIfFormat } from '../report/sensitivity.js';
import { loadScenario } from '../scenario/load.js';
import { withValues } from '../whatif/fields.js';
import { forecast, volumeSearch, type PricedOther } from '../whatif/growth.js';
import { LokiplanError } from '../errors.js';
import { alternatives, ALTERNATIVE_IDS, ALTERNATIVE_NAMES, type AlternativeId } from '../model/alternatives.js';
import type { PriceBook } from '../model/prices.js';
import type { Scenario } from '../model/types.js';
import { workload } from '../model/workload.js';
import { toCents } from '../report/money.js';
import { alternativesLookup } from '../sources/alternatives.js';
import { defaultSettings } from './alternatives.js';
import { booksFor, emitReport, intOption, loadDoc, rateOption, readText } from './whatif-common.js';

/** `--against alt:<id>`: break even against a managed or SaaS log service (plan --alternatives). */
export const ALT_PREFIX = 'alt:';

function alternativeOther(base: Scenario, id: string, books: (region: string) => PriceBook): PricedOther {
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

export interface GrowthCmdOptions {
  format: WhatIfFormat;
  months?: string;
  growth?: string;
  queryGrowth?: string;
  against?: string;
  chart?: string;
  out?: string;
  prices: string;
}

export function runGrowth(file: string, o: GrowthCmdOptions, stdout: (s: string) => void): number {
  const months = intOption('--months', o.months, 12, 1, 600);
  const rate = rateOption('--growth', o.growth, 0.1);
  const queryRate = rateOption('--query-growth', o.queryGrowth, rate);
  const doc = loadDoc(file);
  const books = booksFor(o.prices, file);
  const base = withValues(doc, file, readText, [], 'scenario');
  const other = o.against?.startsWith(ALT_PREFIX) ? alternativeOther(base, o.against.slice(ALT_PREFIX.length), books) : o.against ? loadScenario(o.against, readText) : null;
  const options = { months, rate, queryRate };
  const report: GrowthReport = {
    scenario: base.name,
    options,
    months: forecast(base, books, options),
    search: volumeSearch(base, books, other, queryRate === rate),
  };
  const body = renderGrowth(report, o.format);
  emitReport(o, body, () => growthChart(report), stdout);
  return 0;
}
