/** `lokiplan plan FILE...`: load, plan against a price book, render, write atomically. */
import { join } from 'node:path';
import { LokiplanError, ScenarioError, PriceNotFoundError } from '../errors.js';
import { plan } from '../model/plan.js';
import type { Plan, Scenario } from '../model/types.js';
import { charts } from '../report/charts.js';
import { renderCostCsv, renderSizingCsv } from '../report/csv.js';
import { renderHtml } from '../report/html.js';
import { renderJson } from '../report/json.js';
import { chartFile, renderMarkdown } from '../report/markdown.js';
import { chargePeriod, type ChargePeriod } from '../report/period.js';
import { renderTable } from '../report/table.js';
import { loadScenario } from '../scenario/load.js';
import { priceBooks, readChartJs, readText, writeAtomic } from './io.js';

export const FORMATS = ['table', 'json', 'csv', 'html', 'md'] as const;
export type Format = (typeof FORMATS)[number];

export interface PlanOptions {
  format: Format;
  prices: string;
  /** charge period YYYY-MM for CSV, HTML and Markdown (the CLI defaults it to next month) */
  period: string;
  out?: string;
  check?: boolean;
}

/** The files `--out` writes for one plan, all rendered before any is written. */
export async function reportFiles(p: Plan, period: ChargePeriod, chartJs: string): Promise<{ name: string; body: string | Uint8Array }[]> {
  const { renderChartPng } = await import('../report/png.js');
  const pngs = await Promise.all(charts(p).map(async (c) => ({ name: chartFile(c.id), body: await renderChartPng(c) })));
  return [
    { name: 'plan.json', body: renderJson([p]) },
    { name: 'plan.txt', body: renderTable(p) },
    { name: 'costs.csv', body: renderCostCsv([p], period) },
    { name: 'sizing.csv', body: renderSizingCsv([p]) },
    { name: 'report.html', body: renderHtml(p, { period, chartJs }) },
    { name: 'summary.md', body: renderMarkdown(p, { period, images: true }) },
    ...pngs,
  ];
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

export async function runPlan(files: string[], o: PlanOptions, stdout: (s: string) => void): Promise<number> {
  const period = chargePeriod(o.period);
  if (o.format === 'html' && files.length > 1 && !o.out) {
    throw new LokiplanError('--format html makes one page per scenario: give one scenario file, or --out DIR for all');
  }
  const plans = planFiles(files, o.prices);
  if (o.out) {
    // everything is rendered before anything is written: no partial report on error
    const chartJs = readChartJs();
    const outputs: { path: string; body: string | Uint8Array }[] = [];
    for (const p of plans) {
      const dir = join(o.out, slug(p.scenario));
      for (const f of await reportFiles(p, period, chartJs)) outputs.push({ path: join(dir, f.name), body: f.body });
    }
    for (const x of outputs) writeAtomic(x.path, x.body);
    stdout(outputs.map((x) => `wrote ${x.path}`).join('\n') + '\n');
  } else {
    switch (o.format) {
      case 'json':
        stdout(renderJson(plans));
        break;
      case 'csv':
        stdout(renderCostCsv(plans, period));
        break;
      case 'html':
        stdout(renderHtml(plans[0]!, { period, chartJs: readChartJs() }));
        break;
      case 'md':
        stdout(plans.map((p) => renderMarkdown(p, { period, images: false })).join('\n---\n\n'));
        break;
      default:
        stdout(plans.map(renderTable).join('\n'));
    }
  }
  if (o.check && plans.some((p) => !p.meetsTarget || p.claims.some((c) => !c.holds))) return 1;
  return 0;
}
