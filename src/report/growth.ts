/** Growth forecast and break-even renderers: table, JSON, CSV, Markdown, SVG. Pure. */
import type { GrowthOptions, MonthRow, VolumeSearch } from '../whatif/growth.js';
import { perDay } from '../whatif/growth.js';
import { centsToString, usd } from '../text/money.js';
import type { Renderers, WhatIfFormat } from './whatif-formats.js';
import { lineChart } from './svg.js';
import { table } from './table.js';
import { fits, fitTable, fitText } from './fit.js';
import { csvRows, type Cell } from './whatif-csv.js';

export interface GrowthReport {
  scenario: string;
  options: GrowthOptions;
  months: MonthRow[];
  search: VolumeSearch;
}

const pct = (x: number) => `${Number((x * 100).toFixed(2))}%`;

function targetNames(r: GrowthReport): string[] {
  return Object.keys(r.months[0]!.replicas);
}

/** Sentences on limits and break-even, shared by the text formats. */
export function findings(r: GrowthReport): string[] {
  const s = r.search;
  const range = `${perDay(s.fromBytesPerDay)} to ${perDay(s.toBytesPerDay)}`;
  const out: string[] = [];
  const lim = (who: string, l: VolumeSearch['scenarioLimit']) =>
    l.failsEverywhere
      ? `${who} does not meet its target anywhere in ${range} (${l.why})`
      : l.failsAboveBytesPerDay === null
        ? `${who} meets its target across ${range}`
        : `${who} stops meeting its target above ${perDay(l.failsAboveBytesPerDay)} (${l.why})`;
  if (s.stopped) out.push(`the volume search stopped at ${perDay(s.toBytesPerDay)}, below the ${perDay(s.stopped.requestedToBytesPerDay)} asked for: above it ${s.stopped.why.replace(/^.*?: (?=[a-z-]+: outside)/, '')}`);
  out.push(lim(`the scenario (now ${perDay(s.currentBytesPerDay)})`, s.scenarioLimit));
  const first = r.months.find((m) => !m.meetsTarget);
  if (first) out.push(first.month === 0 ? 'the scenario does not meet its target today' : `at ${pct(r.options.rate)} a month it stops meeting its target in month ${first.month}`);
  if (s.otherLimit && s.otherName) out.push(lim(s.otherName, s.otherLimit));
  if (s.otherName) {
    if (s.crossings.length === 0) {
      const caveat = s.cheaperAtStart === 'other' && s.otherLimit && (s.otherLimit.failsEverywhere || s.otherLimit.failsAboveBytesPerDay !== null) ? ', but see where it stops meeting its target' : '';
      out.push(s.cheaperAtStart ? `${s.cheaperAtStart === 'scenario' ? 'the scenario' : s.otherName} is cheaper across ${range}${caveat}` : `no volume in ${range} where both can be priced`);
    }
    for (const c of s.crossings) {
      out.push(`break-even at ${perDay(c.bytesPerDay)}: above it ${c.cheaperAbove === 'scenario' ? 'the scenario' : s.otherName} is cheaper (${usd(c.scenarioCents)} vs ${usd(c.otherCents)} a month there)`);
    }
  }
  return out;
}

function monthCells(r: GrowthReport, m: MonthRow): string[] {
  return [
    String(m.month),
    perDay(m.bytesPerDay),
    ...targetNames(r).map((t) => String(m.replicas[t] ?? '')),
    String(m.nodes),
    usd(m.totalCents),
    m.meetsTarget ? 'yes' : 'NO',
    m.baselineCents === null ? '-' : `${usd(m.baselineCents)}${m.baselineMeetsTarget ? '' : ' (not met)'}`,
    m.events.join('; '),
  ];
}
const head = (r: GrowthReport) => ['month', 'ingest', ...targetNames(r), 'nodes', 'total', 'ok', 'baseline', 'what changes'];

export function renderGrowthTable(r: GrowthReport, width?: number): string {
  const h = head(r);
  const rows = [h, ...r.months.map((m) => monthCells(r, m))];
  const align = h.map((_, i): 'l' | 'r' => (i === 0 || (i >= 2 && i < h.length - 1) ? 'r' : 'l'));
  const one = table(rows, align);
  const top = fitText(`Growth: ${r.scenario}\ningest +${pct(r.options.rate)} a month, queries +${pct(r.options.queryRate)} a month; each month planned at steady state`, width);
  const end = fitText(findings(r).map((f) => `- ${f}`).join('\n'), width);
  if (!width || fits(one, width)) return `${top}\n\n${width ? fitTable(rows, align, { width, flex: h.length - 1 }) : one}\n\n${end}\n`;
  // too wide for the terminal: the months without a column per target (what changes under its row when
  // it has no room), then the replicas of each target by month, as many months a block as fit
  const names = targetNames(r);
  const keep = <T,>(row: readonly T[]): T[] => [...row.slice(0, 2), ...row.slice(2 + names.length)];
  const months = fitTable(rows.map(keep), keep(align), { width, flex: 6, wrap: [5] });
  const perBlock = Math.max(1, Math.floor((width - Math.max(6, ...names.map((n) => n.length))) / 6));
  const blocks: string[] = [];
  for (let i = 0; i < r.months.length; i += perBlock) {
    const ms = r.months.slice(i, i + perBlock);
    const grid = [['target', ...ms.map((m) => `m${m.month}`)], ...names.map((n) => [n, ...ms.map((m) => String(m.replicas[n] ?? ''))])];
    blocks.push(table(grid, ['l', ...ms.map((): 'r' => 'r')]));
  }
  return `${top}\n\n${months}\n\nReplicas by month\n${blocks.join('\n\n')}\n\n${end}\n`;
}

export function renderGrowthMarkdown(r: GrowthReport): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const h = head(r);
  const lines = [`| ${h.join(' | ')} |`, `|${h.map(() => '---').join('|')}|`, ...r.months.map((m) => `| ${monthCells(r, m).map(esc).join(' | ')} |`)];
  return `## Growth: ${esc(r.scenario)}\n\nIngest +${pct(r.options.rate)} a month, queries +${pct(r.options.queryRate)} a month.\n\n${lines.join('\n')}\n\n${findings(r).map((f) => `- ${esc(f)}`).join('\n')}\n`;
}

export function growthJson(r: GrowthReport) {
  const $ = (c: number | null) => (c === null ? null : Number(centsToString(c)));
  const s = r.search;
  return {
    scenario: r.scenario,
    currency: 'USD',
    options: r.options,
    months: r.months.map((m) => ({
      month: m.month,
      ingestBytesPerDay: Math.round(m.bytesPerDay),
      replicas: m.replicas,
      nodes: m.nodes,
      total: $(m.totalCents),
      meetsTarget: m.meetsTarget,
      baselineTotal: $(m.baselineCents),
      baselineMeetsTarget: m.baselineMeetsTarget,
      events: m.events,
    })),
    volume: {
      searchedBytesPerDay: [s.fromBytesPerDay, s.toBytesPerDay],
      stopped: s.stopped ? { requestedToBytesPerDay: s.stopped.requestedToBytesPerDay, why: s.stopped.why } : null,
      currentBytesPerDay: Math.round(s.currentBytesPerDay),
      scenarioFailsAboveBytesPerDay: s.scenarioLimit.failsEverywhere ? 0 : s.scenarioLimit.failsAboveBytesPerDay && Math.round(s.scenarioLimit.failsAboveBytesPerDay),
      other: s.otherName,
      otherFailsAboveBytesPerDay: s.otherLimit ? (s.otherLimit.failsEverywhere ? 0 : s.otherLimit.failsAboveBytesPerDay && Math.round(s.otherLimit.failsAboveBytesPerDay)) : null,
      cheaperAtStart: s.cheaperAtStart,
      breakEven: s.crossings.map((c) => ({ bytesPerDay: Math.round(c.bytesPerDay), cheaperAbove: c.cheaperAbove, scenario: $(c.scenarioCents), other: $(c.otherCents) })),
    },
    findings: findings(r),
  };
}

export function renderGrowthCsv(r: GrowthReport): string {
  const names = targetNames(r);
  const rows: Cell[][] = [['month', 'ingestBytesPerDay', ...names.map((n) => `${n}Replicas`), 'nodes', 'total', 'meetsTarget', 'baselineTotal', 'baselineMeetsTarget', 'events']];
  for (const m of r.months) {
    rows.push([m.month, Math.round(m.bytesPerDay), ...names.map((n) => m.replicas[n] ?? null), m.nodes, centsToString(m.totalCents), m.meetsTarget, m.baselineCents === null ? null : centsToString(m.baselineCents), m.baselineMeetsTarget, m.events.join('; ')]);
  }
  return csvRows(rows);
}

/** Growth's renderers, one per format (the CLI's choices derive from the keys). */
export const GROWTH_RENDERERS: Renderers<GrowthReport> = {
  table: (r, width) => renderGrowthTable(r, width),
  json: (r) => `${JSON.stringify(growthJson(r), null, 2)}\n`,
  csv: (r) => renderGrowthCsv(r),
  md: (r) => renderGrowthMarkdown(r),
};

export function renderGrowth(r: GrowthReport, format: WhatIfFormat, width?: number): string {
  return GROWTH_RENDERERS[format](r, width);
}

export function growthChart(r: GrowthReport): string {
  const series = [{ name: r.scenario, points: r.months.map((m) => [m.month, m.totalCents / 100] as [number, number]), failing: r.months.map((m) => !m.meetsTarget) }];
  if (r.months.every((m) => m.baselineCents !== null)) {
    series.push({ name: 'baseline', points: r.months.map((m) => [m.month, m.baselineCents! / 100] as [number, number]), failing: r.months.map((m) => m.baselineMeetsTarget === false) });
  }
  return lineChart({ title: `Growth: ${r.scenario}`, xLabel: `month (ingest +${pct(r.options.rate)} a month)`, yLabel: 'monthly cost (USD)', series });
}
