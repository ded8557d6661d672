/** Monte Carlo renderers: table, JSON, CSV, Markdown. Pure; money via money.ts. */
import type { MonteCarloResult } from '../whatif/montecarlo.js';
import { centsToString, usd } from '../text/money.js';
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
  const alts = r.alternatives?.length
    ? `\nThe same samples elsewhere\n${table([['alternative', 'P10', 'P50', 'P90', 'Loki cheaper'], ...r.alternatives.map((a) => [a.name, usd(a.p10), usd(a.p50), usd(a.p90), pct(a.lokiCheaperShare)])], ['l', 'r', 'r', 'r', 'r'])}\n`
    : '';
  return `Uncertainty: ${r.scenario}\n${r.samples.toLocaleString('en-US')} samples, seed ${r.seed}\n\n${inputs}\n\n${figs}\n\nmeets the target in ${pct(r.meetsTargetShare)} of samples\n${alts}`;
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
    alternatives: r.alternatives?.map((a) => ({ name: a.name, p10: $(a.p10), p50: $(a.p50), p90: $(a.p90), lokiCheaperShare: Number(a.lokiCheaperShare.toFixed(6)) })),
  };
}

export function renderMonteCarloCsv(r: MonteCarloResult): string {
  const rows: Cell[][] = [['figure', 'usd']];
  for (const [k, c] of figures(r)) rows.push([k, centsToString(c)]);
  rows.push(['meetsTargetShare', Number(r.meetsTargetShare.toFixed(6))], ['samples', r.samples], ['seed', r.seed]);
  for (const a of r.alternatives ?? []) {
    rows.push([`${a.name} P10`, centsToString(a.p10)], [`${a.name} P50`, centsToString(a.p50)], [`${a.name} P90`, centsToString(a.p90)], [`${a.name} lokiCheaperShare`, Number(a.lokiCheaperShare.toFixed(6))]);
  }
  return csvRows(rows);
}

export function renderMonteCarloMarkdown(r: MonteCarloResult): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = figures(r).map(([k, c]) => `| ${k} | ${usd(c)} |`);
  const inputs = r.inputs.map((i) => `| \`${esc(i.name)}\` | ${esc(i.spec)} |`);
  return `## Uncertainty: ${esc(r.scenario)}\n\n${r.samples.toLocaleString('en-US')} samples, seed ${r.seed}.\n\n| input | distribution |\n|---|---|\n${inputs.join('\n')}\n\n| monthly cost | USD |\n|---|---:|\n${rows.join('\n')}\n\nMeets the target in ${pct(r.meetsTargetShare)} of samples.\n${
    r.alternatives?.length
      ? `\n| the same samples elsewhere | P10 | P50 | P90 | Loki cheaper |\n|---|---:|---:|---:|---:|\n${r.alternatives.map((a) => `| ${esc(a.name)} | ${usd(a.p10)} | ${usd(a.p50)} | ${usd(a.p90)} | ${pct(a.lokiCheaperShare)} |`).join('\n')}\n`
      : ''
  }`;
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
