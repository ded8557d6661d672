/** `lokiplan growth FILE --growth 10% --months 12`: forecast, sizing steps, limits and break-even. */
import type { RunContext } from './context.js';
import { growthChart, renderGrowth, type GrowthReport } from '../report/growth.js';
import type { WhatIfFormat } from '../report/sensitivity.js';
import { fromDocument } from '../scenario/load.js';
import { withValues } from '../whatif/fields.js';
import { forecast, volumeSearch } from '../whatif/growth.js';
import { alternativeOther, ALT_PREFIX } from './alternatives.js';
import { terminalWidth, type TerminalOptions } from './terminal.js';
import { booksFor, emitReport, intOption, loadDoc, rateOption, readText } from './whatif-common.js';

export interface GrowthCmdOptions extends TerminalOptions {
  format: WhatIfFormat;
  months?: string;
  growth?: string;
  queryGrowth?: string;
  against?: string;
  chart?: string;
  out?: string;
  prices: string;
}

export function runGrowth(file: string, o: GrowthCmdOptions, ctx: RunContext): number {
  const months = intOption('--months', o.months, 12, 1, 600);
  const rate = rateOption('--growth', o.growth, 0.1);
  const queryRate = rateOption('--query-growth', o.queryGrowth, rate);
  const doc = loadDoc(file);
  const books = booksFor(o.prices, file, ctx.now());
  const base = withValues(doc, file, readText, [], 'scenario');
  const src = { base, doc, file, read: readText };
  const againstDoc = o.against && !o.against.startsWith(ALT_PREFIX) ? loadDoc(o.against) : null;
  const other = o.against?.startsWith(ALT_PREFIX)
    ? alternativeOther(base, o.against.slice(ALT_PREFIX.length), books)
    : o.against && againstDoc
      ? { base: fromDocument(againstDoc, o.against, readText), doc: againstDoc, file: o.against, read: readText }
      : null;
  const options = { months, rate, queryRate };
  const report: GrowthReport = {
    scenario: base.name,
    options,
    months: forecast(src, books, options),
    search: volumeSearch(src, books, other, queryRate === rate),
  };
  const body = renderGrowth(report, o.format, o.format === 'table' && !o.out ? terminalWidth(ctx, o) : undefined);
  emitReport(o, body, () => growthChart(report), ctx);
  return 0;
}
