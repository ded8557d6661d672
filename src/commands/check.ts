/** `lokiplan check FILE...`: does each described deployment carry its target with failures and a zone lost? */
import type { RunContext } from './context.js';
import type { CheckReport } from '../model/types.js';
import { RENDERER, type Format } from '../report/registry.js';
import { loadScenario } from '../scenario/load.js';
import { loadProfileFile, scenarioReader } from './io.js';
import { planScenario } from './plan.js';
import { paint, terminalWidth, useColour, type TerminalOptions } from './terminal.js';

export interface CheckOptions extends TerminalOptions {
  format: Format;
  prices: string;
  profile?: string;
}

export function runCheck(files: string[], o: CheckOptions, ctx: RunContext): number {
  const profile = loadProfileFile(o.profile);
  const read = scenarioReader(ctx);
  const reports: CheckReport[] = files.map((f) => {
    const s = loadScenario(f, read);
    return planScenario(s, o.prices, profile, ctx.now()).capacity;
  });
  const width = terminalWidth(ctx, o);
  const render = RENDERER[o.format].check;
  if (!render) throw new Error(`internal: check has no ${o.format} rendering (the CLI offers CHECK_FORMATS only)`);
  const text = render(reports, { width });
  ctx.stdout(o.format === 'table' ? paint(text, useColour(ctx, o)) : text);
  return reports.every((r) => r.holds) ? 0 : 1;
}
