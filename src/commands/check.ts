/** `lokiplan check FILE...`: does each described deployment carry its target with failures and a zone lost? */
import type { RunContext } from './context.js';
import type { CheckReport } from '../model/types.js';
import { renderCheckJson, renderCheckTable } from '../report/check.js';
import { loadScenario } from '../scenario/load.js';
import { loadProfileFile, readText } from './io.js';
import { planScenario } from './plan.js';
import { paint, terminalWidth, useColour, type TerminalOptions } from './terminal.js';

export interface CheckOptions extends TerminalOptions {
  format: 'table' | 'json';
  prices: string;
  profile?: string;
}

export function runCheck(files: string[], o: CheckOptions, ctx: RunContext): number {
  const profile = loadProfileFile(o.profile);
  const reports: CheckReport[] = files.map((f) => {
    const s = loadScenario(f, readText);
    return planScenario(s, o.prices, profile, ctx.now()).capacity;
  });
  const width = terminalWidth(ctx, o);
  ctx.stdout(o.format === 'json' ? renderCheckJson(reports) : paint(reports.map((r) => renderCheckTable(r, width)).join('\n'), useColour(ctx, o)));
  return reports.every((r) => r.holds) ? 0 : 1;
}
