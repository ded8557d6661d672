/** `lokiplan plan FILE...`: load, plan against a price book, render, write atomically. */
import { join } from 'node:path';
import { LokiplanError, ScenarioError, PriceNotFoundError } from '../errors.js';
import { plan } from '../model/plan.js';
import type { Plan, Scenario } from '../model/types.js';
import { renderJson } from '../report/json.js';
import { renderTable } from '../report/table.js';
import { loadScenario } from '../scenario/load.js';
import { priceBooks, readText, writeAllAtomic } from './io.js';

export interface PlanOptions {
  format: 'table' | 'json';
  prices: string;
  out?: string;
  check?: boolean;
}

export const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'scenario';

export function planFiles(files: string[], prices: string): Plan[] {
  const books = priceBooks(prices);
  return files.map((f) => {
    const s = loadScenario(f, readText);
    return plan(s, regionChecked(books, s));
  });
}

/** An unknown region is a scenario error naming the field, not a missing price. */
function regionChecked(books: ReturnType<typeof priceBooks>, s: Scenario) {
  return (region: string) => {
    try {
      return books(region);
    } catch (e) {
      if (e instanceof PriceNotFoundError && e.key === '*') {
        throw new ScenarioError(s.file, 'region', `unknown region ${JSON.stringify(region)}: ${e.message.replace(/^.*?: /, '')}`);
      }
      throw e;
    }
  };
}

export function runPlan(files: string[], o: PlanOptions, stdout: (s: string) => void): number {
  const plans = planFiles(files, o.prices);
  const render = (ps: Plan[]) => (o.format === 'json' ? renderJson(ps) : ps.map(renderTable).join('\n'));
  if (o.out) {
    // everything is rendered before anything is written, and written all or nothing: no partial report
    const used = new Set<string>();
    const outputs = plans.flatMap((p) => {
      let name = slug(p.scenario);
      for (let n = 2; used.has(name); n++) name = `${slug(p.scenario)}-${n}`;
      used.add(name);
      const dir = join(o.out!, name);
      return [
        { path: join(dir, 'plan.json'), body: renderJson([p]) },
        { path: join(dir, 'plan.txt'), body: renderTable(p) },
      ];
    });
    try {
      writeAllAtomic(outputs);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (typeof err?.code === 'string') throw new LokiplanError(`--out ${o.out}: cannot write the report: ${err.message}`);
      throw e;
    }
    stdout(outputs.map((x) => `wrote ${x.path}`).join('\n') + '\n');
  } else {
    stdout(render(plans));
  }
  if (o.check && plans.some((p) => !p.meetsTarget || p.claims.some((c) => !c.holds))) return 1;
  return 0;
}
