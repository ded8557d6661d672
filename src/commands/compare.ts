/** `lokiplan compare A.yaml B.yaml ...`: scenarios side by side with deltas against the first. */
import type { RunContext } from './context.js';
import { compareRows, renderCompare, renderCompareTable, withAlternativeColumns, type CompareFormat } from '../report/compare.js';
import { WhatIfError } from '../whatif/values.js';
import { loadScenario } from '../scenario/load.js';
import { priceBooks, scenarioReader, writeAtomic } from './io.js';
import { planFiles } from './plan.js';
import { paint, terminalWidth, useColour, type TerminalOptions } from './terminal.js';

export interface CompareOptions extends TerminalOptions {
  format: CompareFormat;
  prices: string;
  out?: string;
  /** add the first scenario's workload priced on managed and SaaS log services as columns */
  alternatives?: boolean;
}

export async function runCompare(files: string[], o: CompareOptions, ctx: RunContext): Promise<number> {
  if (files.length < 2) throw new WhatIfError('compare needs two or more scenario files');
  const read = scenarioReader(ctx);
  const plans = planFiles(files, o.prices, ctx.now(), undefined, read);
  let comparison = compareRows(plans, files);
  if (o.alternatives) {
    // the same workload elsewhere: the first scenario's, as extra columns
    const s = loadScenario(files[0]!, read);
    const { attachAlternatives } = await import('./alternatives.js');
    attachAlternatives(plans[0]!, s, priceBooks(o.prices, ctx.now()), true);
    comparison = withAlternativeColumns(comparison, plans[0]!.alternatives!);
  }
  const table = o.format === 'table' && !o.out;
  const body = table ? paint(renderCompareTable(comparison, terminalWidth(ctx, o)), useColour(ctx, o)) : renderCompare(comparison, o.format);
  if (o.out) {
    writeAtomic(o.out, body, ctx);
    ctx.stdout(`wrote ${o.out}\n`);
  } else ctx.stdout(body);
  return 0;
}
