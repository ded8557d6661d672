/** Sensitivity (tornado) renderers: table, JSON, CSV, Markdown, SVG. Pure. */
import type { SensitivityResult } from '../whatif/sensitivity.js';
import { centsToString, usd } from '../text/money.js';
import { tornadoChart } from './svg.js';
import { table } from './table.js';
import { fits, fitTable, fitText, wrap } from './fit.js';
import { csvRows, type Cell } from './whatif-csv.js';

import { type Renderers, type WhatIfFormat } from './whatif-formats.js';
export { WHATIF_FORMATS, type WhatIfFormat } from './whatif-formats.js';

const signed = (c: number) => (c === 0 ? '$0.00' : `${c > 0 ? '+' : '-'}${usd(Math.abs(c))}`);
const ok = (b: boolean) => (b ? '' : ' (target not met)');

function rowsOf(r: SensitivityResult): string[][] {
  // flag a target verdict only where it differs from the base plan's
  const flip = (b: boolean) => (b === r.baseMeetsTarget ? '' : b ? ' (meets target)' : ' (target not met)');
  return r.rows.map((x) => [
    x.name,
    x.lowLabel,
    `${usd(x.lowCents)}${flip(x.lowMeetsTarget)}`,
    x.highLabel,
    `${usd(x.highCents)}${flip(x.highMeetsTarget)}`,
    usd(x.swingCents),
    `${signed(x.lowCents - r.baseCents)} / ${signed(x.highCents - r.baseCents)}`,
  ]);
}
const HEAD = ['input', 'low', 'cost at low', 'high', 'cost at high', 'swing', 'vs base (low / high)'];

/**
 * Where an input's low or high end changes which is cheaper, self-hosted Loki or an alternative:
 * one sentence per flip (none when the order holds across every range).
 */
export function alternativeFlips(r: SensitivityResult): string[] {
  const out: string[] = [];
  for (const a of r.alternatives ?? []) {
    if (a.baseCents === null) continue;
    const lokiCheaper = r.baseCents < a.baseCents;
    a.rows.forEach((x, i) => {
      const row = r.rows[i]!;
      for (const [label, loki, alt] of [[row.lowLabel, row.lowCents, x.lowCents], [row.highLabel, row.highCents, x.highCents]] as const) {
        if (alt === null) continue;
        if (loki < alt !== lokiCheaper) out.push(`${row.name} = ${label}: ${lokiCheaper ? a.name : 'self-hosted Loki'} becomes the cheaper (${usd(loki)} Loki vs ${usd(alt)})`);
      }
    });
  }
  return out;
}

function alternativesText(r: SensitivityResult, width?: number): string {
  if (!r.alternatives?.length) return '';
  const rows = [['alternative', 'at base', 'lowest', 'highest']];
  for (const a of r.alternatives) {
    const all = a.rows.flatMap((x) => [x.lowCents, x.highCents]).filter((c): c is number => c !== null);
    rows.push([a.name, a.baseCents === null ? 'not priced' : usd(a.baseCents), all.length ? usd(Math.min(...all)) : '-', all.length ? usd(Math.max(...all)) : '-']);
  }
  const flips = alternativeFlips(r);
  const said = flips.length ? flips.map((f) => `- ${f}`).join('\n') : '- no input in its range changes which is cheaper, self-hosted Loki or any alternative';
  return `\nThe same inputs elsewhere\n${fitTable(rows, ['l', 'r', 'r', 'r'], { width, wrap: [0] })}\n${fitText(said, width)}\n`;
}

export function renderSensitivityTable(r: SensitivityResult, width?: number): string {
  const full = table([HEAD, ...rowsOf(r)], ['l', 'r', 'r', 'r', 'r', 'r', 'r']);
  // too wide for the terminal: input, swing and the two deltas on the row, each end's value and cost under it
  const flip = (b: boolean) => (b === r.baseMeetsTarget ? '' : b ? ' (meets target)' : ' (target not met)');
  const t =
    !width || fits(full, width)
      ? full
      : (() => {
          const head = ['input', 'swing', 'low vs base', 'high vs base'];
          const rows = r.rows.map((x) => [x.name, usd(x.swingCents), signed(x.lowCents - r.baseCents), signed(x.highCents - r.baseCents)]);
          const lines = table([head, ...rows], ['l', 'r', 'r', 'r']).split('\n');
          return [
            lines[0]!,
            ...r.rows.flatMap((x, i) => [
              lines[i + 1]!,
              ...wrap(`    low ${x.lowLabel}: ${usd(x.lowCents)}${flip(x.lowMeetsTarget)}; high ${x.highLabel}: ${usd(x.highCents)}${flip(x.highMeetsTarget)}`, width, '      '),
            ]),
          ].join('\n');
        })();
  return fitText(`Sensitivity of the monthly cost: ${r.scenario}\nbase ${usd(r.baseCents)} a month${ok(r.baseMeetsTarget)}; one input at a time, largest swing first\n\n`, width) + `${t}\n${alternativesText(r, width)}`;
}

export function renderSensitivityMarkdown(r: SensitivityResult): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [`| ${HEAD.join(' | ')} |`, `|---|${HEAD.slice(1).map(() => '---:').join('|')}|`, ...rowsOf(r).map((x) => `| ${x.map(esc).join(' | ')} |`)];
  const alt = r.alternatives?.length ? `\n### The same inputs elsewhere\n\n\`\`\`\n${alternativesText(r).trim()}\n\`\`\`\n` : '';
  return `## Sensitivity: ${esc(r.scenario)}\n\nBase ${usd(r.baseCents)} a month. One input at a time, largest swing first.\n\n${lines.join('\n')}\n${alt}`;
}

export function sensitivityJson(r: SensitivityResult) {
  const $ = (c: number) => Number(centsToString(c));
  return {
    scenario: r.scenario,
    currency: 'USD',
    base: $(r.baseCents),
    baseMeetsTarget: r.baseMeetsTarget,
    inputs: r.rows.map((x) => ({
      input: x.name,
      description: x.description,
      source: x.source,
      low: x.lowLabel,
      high: x.highLabel,
      costAtLow: $(x.lowCents),
      costAtHigh: $(x.highCents),
      swing: $(x.swingCents),
      lowMeetsTarget: x.lowMeetsTarget,
      highMeetsTarget: x.highMeetsTarget,
    })),
    alternatives: r.alternatives?.map((a) => ({
      name: a.name,
      base: a.baseCents === null ? null : $(a.baseCents),
      inputs: a.rows.map((x) => ({ input: x.name, costAtLow: x.lowCents === null ? null : $(x.lowCents), costAtHigh: x.highCents === null ? null : $(x.highCents) })),
    })),
    flips: r.alternatives ? alternativeFlips(r) : undefined,
  };
}

export function renderSensitivityCsv(r: SensitivityResult): string {
  const rows: Cell[][] = [['input', 'low', 'high', 'costAtLow', 'costAtHigh', 'swing', 'base', 'lowMeetsTarget', 'highMeetsTarget']];
  for (const x of r.rows) {
    rows.push([x.name, x.lowLabel, x.highLabel, centsToString(x.lowCents), centsToString(x.highCents), centsToString(x.swingCents), centsToString(r.baseCents), x.lowMeetsTarget, x.highMeetsTarget]);
  }
  return csvRows(rows);
}

/** Sensitivity's renderers, one per format (the CLI's choices derive from the keys). */
export const SENSITIVITY_RENDERERS: Renderers<SensitivityResult> = {
  table: (r, width) => renderSensitivityTable(r, width),
  json: (r) => `${JSON.stringify(sensitivityJson(r), null, 2)}\n`,
  csv: (r) => renderSensitivityCsv(r),
  md: (r) => renderSensitivityMarkdown(r),
};

export function renderSensitivity(r: SensitivityResult, format: WhatIfFormat, width?: number): string {
  return SENSITIVITY_RENDERERS[format](r, width);
}

export function sensitivityChart(r: SensitivityResult): string {
  return tornadoChart(
    `Sensitivity: ${r.scenario}`,
    r.baseCents,
    r.rows.map((x) => ({ name: x.name, lowLabel: x.lowLabel, highLabel: x.highLabel, lowCents: x.lowCents, highCents: x.highCents })),
  );
}
