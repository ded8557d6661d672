/** Monte Carlo renderers: table, JSON, CSV, Markdown. Pure; money via money.ts. */
import type { MonteCarloResult } from '../whatif/montecarlo.js';
import { centsToString, usd } from './money.js';
import type { Renderers, WhatIfFormat } from './whatif-formats.js';
import { table } from './table.js';
import { csvRows, type Cell } from './whatif-csv.js';

const pct = (x: number) => `${Number((x * 100).toFixed(1))}%`;

function figures(r: MonteCarloResult): [string, number][] {
  return [
    ['P10', r.p10],
    ['P50 (median)', r.p50],
    ['P90', r.p90],
    ['mean', r.mean],
    ['min', r.min],
    ['max', r.max],
    ['scenario as written', r.baseCents],
  ];
}

export function renderMonteCarloTable(r: MonteCarloResult): string {
  const inputs = table([['input', 'distribution'], ...r.inputs.map((i) => [i.name, i.spec])]);
  const figs = table([['monthly cost', 'USD'], ...figures(r).map(([k, c]) => [k, usd(c)])], ['l', 'r']);
  return `Uncertainty: ${r.scenario}\n${r.samples.toLocaleString('en-US')} samples, seed ${r.seed}\n\n${inputs}\n\n${figs}\n\nmeets the target in ${pct(r.meetsTargetShare)} of samples\n`;
}

export function monteCarloJson(r: MonteCarloResult) {
  const $ = (c: number) => Number(centsToString(c));
  return {
    scenario: r.scenario,
    currency: 'USD',
    seed: r.seed,
    samples: r.samples,
    inputs: r.inputs,
    monthly: { p10: $(r.p10), p50: $(r.p50), p90: $(r.p90), mean: $(r.mean), min: $(r.min), max: $(r.max) },
    asWritten: $(r.baseCents),
    meetsTargetShare: Number(r.meetsTargetShare.toFixed(6)),
  };
}

export function renderMonteCarloCsv(r: MonteCarloResult): string {
  const rows: Cell[][] = [['figure', 'usd']];
  for (const [k, c] of figures(r)) rows.push([k, centsToString(c)]);
  rows.push(['meetsTargetShare', Number(r.meetsTargetShare.toFixed(6))], ['samples', r.samples], ['seed', r.seed]);
  return csvRows(rows);
}

export function renderMonteCarloMarkdown(r: MonteCarloResult): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = figures(r).map(([k, c]) => `| ${k} | ${usd(c)} |`);
  const inputs = r.inputs.map((i) => `| \`${esc(i.name)}\` | ${esc(i.spec)} |`);
  return `## Uncertainty: ${esc(r.scenario)}\n\n${r.samples.toLocaleString('en-US')} samples, seed ${r.seed}.\n\n| input | distribution |\n|---|---|\n${inputs.join('\n')}\n\n| monthly cost | USD |\n|---|---:|\n${rows.join('\n')}\n\nMeets the target in ${pct(r.meetsTargetShare)} of samples.\n`;
}

/** MonteCarlo's renderers, one per format (the CLI's choices derive from the keys). */
export const MONTECARLO_RENDERERS: Renderers<MonteCarloResult> = {
  table: (r) => renderMonteCarloTable(r),
  json: (r) => `${JSON.stringify(monteCarloJson(r), null, 2)}\n`,
  csv: (r) => renderMonteCarloCsv(r),
  md: (r) => renderMonteCarloMarkdown(r),
};

export function renderMonteCarlo(r: MonteCarloResult, format: WhatIfFormat): string {
  return MONTECARLO_RENDERERS[format](r);
}
