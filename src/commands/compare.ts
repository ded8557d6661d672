/** `lokiplan compare A.yaml B.yaml ...`: scenarios side by side with deltas against the first. */
import type { RunContext } from './context.js';
import { compareRows, renderCompare, type CompareFormat } from '../report/compare.js';
import { WhatIfError } from '../whatif/values.js';
import { writeAtomic } from './io.js';
import { planFiles } from './plan.js';

export interface CompareOptions {
  format: CompareFormat;
  prices: string;
  out?: string;
}

export function runCompare(files: string[], o: CompareOptions, ctx: RunContext): number {
  if (files.length < 2) throw new WhatIfError('compare needs two or more scenario files');
  const plans = planFiles(files, o.prices, ctx.now());
  const body = renderCompare(compareRows(plans, files), o.format);
  if (o.out) {
    writeAtomic(o.out, body);
    ctx.stdout(`wrote ${o.out}\n`);
  } else ctx.stdout(body);
  return 0;
}
