/** `lokiplan sensitivity FILE`: the swing in monthly cost per uncertain input, as a table and a tornado chart. */
import type { RunContext } from './context.js';
import { renderSensitivity, sensitivityChart, type WhatIfFormat } from '../report/sensitivity.js';
import { sensitivity, sensitivityInputs } from '../whatif/sensitivity.js';
import { withValues } from '../whatif/fields.js';
import { alternativeOthers } from './alternatives.js';
import { terminalWidth, type TerminalOptions } from './terminal.js';
import { booksFor, emitReport, loadDoc, readText } from './whatif-common.js';

export interface SensitivityOptions extends TerminalOptions {
  format: WhatIfFormat;
  range?: string[];
  chart?: string;
  out?: string;
  prices: string;
  /** move the same inputs for the managed and SaaS alternatives too */
  alternatives?: boolean;
}

export function runSensitivity(file: string, o: SensitivityOptions, ctx: RunContext): number {
  const doc = loadDoc(file);
  const books = booksFor(o.prices, file, ctx.now());
  const base = withValues(doc, file, readText, [], 'scenario');
  const inputs = sensitivityInputs(doc, base, books(base.region), o.range ?? []);
  const others = o.alternatives || base.alternatives ? alternativeOthers(base, books) : [];
  const r = sensitivity(doc, file, readText, books, base, inputs, others);
  const body = renderSensitivity(r, o.format, o.format === 'table' && !o.out ? terminalWidth(ctx, o) : undefined);
  emitReport(o, body, () => sensitivityChart(r), ctx);
  return 0;
}
