/**
 * Scenarios side by side: cost by category, sizing, and deltas against the first scenario.
 * One data model (compareRows) and pure renderers for table, JSON, CSV and Markdown, so the HTML
 * and chart renderers can hook in later. Money is rounded only through money.ts (roundTotals):
 * each column's categories add up to its total, and deltas are differences of those cents.
 */
import { CATEGORIES, type AlternativesResult, type Plan } from '../model/types.js';
import { fmtNum } from '../model/format.js';
import { targetsOf } from '../model/modes/index.js';
import { centsToString, roundTotals, usd } from '../text/money.js';
import { altRows } from './alternatives.js';
import { fits, fitTable, fitText, truncate } from './fit.js';
import { CATEGORY_LABEL, table } from './table.js';
import { csvRows, type Cell } from './whatif-csv.js';
import type { Renderers, WhatIfFormat } from './whatif-formats.js';

export type RowKind = 'money' | 'count' | 'number' | 'bool' | 'text';

export interface CompareRow {
  key: string;
  label: string;
  kind: RowKind;
  /** one per scenario; money in cents */
  values: (number | boolean | string | null)[];
}

export interface Comparison {
  scenarios: { name: string; file: string; mode: string; region: string }[];
  rows: CompareRow[];
}

export function compareRows(plans: readonly Plan[], files: readonly string[]): Comparison {
  const names = plans.map((p) => p.scenario);
  const dup = (n: string) => names.filter((x) => x === n).length > 1;
  const scenarios = plans.map((p, i) => ({ name: dup(p.scenario) ? `${p.scenario} (${files[i]})` : p.scenario, file: files[i]!, mode: p.mode, region: p.region }));
  const r = plans.map((p) => roundTotals(p.lines, CATEGORIES));
  const b = plans.map((p) => (p.baseline ? roundTotals(p.baseline.lines, CATEGORIES).total : null));
  const rows: CompareRow[] = [];
  for (const c of CATEGORIES) rows.push({ key: `cost.${c}`, label: CATEGORY_LABEL[c], kind: 'money', values: r.map((x) => x.byCategory[c]!) });
  rows.push({ key: 'cost.total', label: 'total a month', kind: 'money', values: r.map((x) => x.total) });
  rows.push({ key: 'baseline.total', label: 'baseline total', kind: 'money', values: b });
  rows.push({ key: 'meetsTarget', label: 'meets target', kind: 'bool', values: plans.map((p) => p.meetsTarget) });
  rows.push({ key: 'mode', label: 'deployment mode', kind: 'text', values: plans.map((p) => p.mode) });
  // every target of every compared plan's mode, in registry order
  const targets = [...new Set(plans.flatMap((p) => targetsOf(p.mode)))];
  for (const t of targets) {
    const vals = plans.map((p) => p.topology.targets.find((x) => x.name === t)?.replicas ?? null);
    if (vals.some((v) => v !== null)) rows.push({ key: `replicas.${t}`, label: `${t} replicas`, kind: 'count', values: vals });
  }
  rows.push({ key: 'nodes', label: 'nodes', kind: 'count', values: plans.map((p) => p.nodes.reduce((a, g) => a + g.count, 0)) });
  rows.push({ key: 'nodes.spot', label: 'spot nodes', kind: 'count', values: plans.map((p) => p.nodes.filter((g) => g.capacityType === 'spot').reduce((a, g) => a + g.count, 0)) });
  rows.push({ key: 'vcpuRequested', label: 'vCPU requested', kind: 'number', values: plans.map((p) => Number(p.topology.targets.reduce((a, t) => a + t.replicas * t.requests.cpu, 0).toFixed(3))) });
  rows.push({ key: 's3.gb', label: 'S3 GB stored', kind: 'number', values: plans.map((p) => Math.round(p.storage.totalGb)) });
  // the GB the plan's inter-AZ lines bill (each crossing is billed out of one zone and into another), as the cost lines count them
  rows.push({ key: 'interAz.gb', label: 'inter-AZ GB billed a month', kind: 'number', values: plans.map((p) => Math.round(p.lines.reduce((a, l) => (l.component === 'inter-az' ? a + l.quantity : a), 0))) });
  rows.push({ key: 'ingest.gbPerDay', label: 'ingest GB/day', kind: 'number', values: plans.map((p) => Number((p.workload.bytesPerDay / 1e9).toFixed(3))) });
  rows.push({ key: 'retentionDays', label: 'retention days', kind: 'number', values: plans.map((p) => p.workload.retentionDays) });
  return { scenarios, rows };
}

/** Delta of scenario i against the first, or null when not numeric. */
function delta(row: CompareRow, i: number): number | null {
  const a = row.values[0];
  const v = row.values[i];
  if (row.kind === 'bool' || row.kind === 'text' || typeof a !== 'number' || typeof v !== 'number') return null;
  return v - a;
}

const fmt = (kind: RowKind, v: number | boolean | string | null): string => {
  if (v === null) return '-';
  if (kind === 'money') return usd(v as number);
  if (kind === 'bool') return v ? 'yes' : 'NO';
  if (kind === 'text') return String(v);
  return fmtNum(v as number);
};
const fmtDelta = (kind: RowKind, d: number | null): string => {
  if (d === null) return '';
  if (d === 0) return kind === 'money' ? '$0.00' : '0';
  const s = kind === 'money' ? usd(Math.abs(d)) : fmtNum(Math.abs(d));
  return `${d > 0 ? '+' : '-'}${s}`;
};

function headers(c: Comparison): string[] {
  const first = c.scenarios[0]!.name;
  return ['', ...c.scenarios.map((s) => s.name), ...c.scenarios.slice(1).map((s) => `${short(s.name)} vs ${short(first)}`)];
}
const short = (s: string) => truncate(s, 20);

export function renderCompareTable(c: Comparison, width?: number): string {
  const right = (n: number) => ['l' as const, ...Array.from({ length: n }, () => 'r' as const)];
  const files = fitText(c.scenarios.map((s, i) => `  [${i + 1}] ${s.name} (${s.file}, ${s.mode}, ${s.region})`).join('\n'), width);
  const head = `Compare (USD a month; deltas against the first scenario)\n${files}\n\n`;
  const rows: string[][] = [['', ...c.scenarios.map((s, i) => `[${i + 1}] ${short(s.name)}`), ...c.scenarios.slice(1).map((_, i) => `[${i + 2}] - [1]`)]];
  for (const r of c.rows) {
    rows.push([r.label, ...r.values.map((v) => fmt(r.kind, v)), ...c.scenarios.slice(1).map((_, i) => fmtDelta(r.kind, delta(r, i + 1)))]);
  }
  const wide = table(rows, right(rows[0]!.length - 1));
  if (fits(wide, width)) return `${head}${wide}\n`;
  // narrow: columns named [1], [2]... (the list above names them), the deltas in a second table
  const n = c.scenarios.length;
  const values = [['', ...c.scenarios.map((_, i) => `[${i + 1}]`)], ...rows.slice(1).map((r) => r.slice(0, n + 1))];
  const deltas = [['', ...c.scenarios.slice(1).map((_, i) => `[${i + 2}]-[1]`)], ...rows.slice(1).filter((r) => r.slice(n + 1).some((x) => x !== '')).map((r) => [r[0]!, ...r.slice(n + 1)])];
  const fit = (t: string[][]) => fitTable(t, right(t[0]!.length - 1), { width, wrap: [0], keep: 1 });
  return `${head}${fit(values)}\n\nDeltas against [1]\n${fit(deltas)}\n`;
}

const jsonValue = (kind: RowKind, v: number | boolean | string | null) => (kind === 'money' && typeof v === 'number' ? Number(centsToString(v)) : v);

export function compareJson(c: Comparison) {
  return {
    currency: 'USD',
    scenarios: c.scenarios.map((s, i) => ({
      ...s,
      values: Object.fromEntries(c.rows.map((r) => [r.key, jsonValue(r.kind, r.values[i]!)])),
    })),
    deltas: c.scenarios.slice(1).map((s, i) => ({
      scenario: s.name,
      against: c.scenarios[0]!.name,
      values: Object.fromEntries(c.rows.flatMap((r) => {
        const d = delta(r, i + 1);
        return d === null ? [] : [[r.key, r.kind === 'money' ? Number(centsToString(d)) : Number(d.toPrecision(12))]];
      })),
    })),
  };
}

export function renderCompareJson(c: Comparison): string {
  return `${JSON.stringify(compareJson(c), null, 2)}\n`;
}

/** CSV: one row per figure, one column per scenario, then the deltas; money as dot-decimal dollars. */
export function renderCompareCsv(c: Comparison): string {
  const cell = (kind: RowKind, v: number | boolean | string | null): Cell =>
    v === null ? null : kind === 'money' ? centsToString(v as number) : (v as Cell);
  const rows: Cell[][] = [['key', 'figure', ...c.scenarios.map((s) => s.name), ...c.scenarios.slice(1).map((s) => `${s.name} - ${c.scenarios[0]!.name}`)]];
  for (const r of c.rows) {
    rows.push([r.key, r.label, ...r.values.map((v) => cell(r.kind, v)), ...c.scenarios.slice(1).map((_, i) => {
      const d = delta(r, i + 1);
      return d === null ? null : r.kind === 'money' ? centsToString(d) : Number(d.toPrecision(12));
    })]);
  }
  return csvRows(rows);
}

const mdEsc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderCompareMarkdown(c: Comparison): string {
  const h = headers(c).map((x, i) => (i === 0 ? 'figure' : x));
  const out = [`| ${h.map(mdEsc).join(' | ')} |`, `|${h.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const r of c.rows) {
    const cells = [r.label, ...r.values.map((v) => fmt(r.kind, v)), ...c.scenarios.slice(1).map((_, i) => fmtDelta(r.kind, delta(r, i + 1)))];
    out.push(`| ${cells.map(mdEsc).join(' | ')} |`);
  }
  const list = c.scenarios.map((s, i) => `${i + 1}. **${mdEsc(s.name)}** (\`${mdEsc(s.file)}\`, ${s.mode}, ${s.region})`).join('\n');
  return `## Compare (USD a month)\n\n${list}\n\n${out.join('\n')}\n\nDeltas are against the first scenario.\n`;
}

export { WHATIF_FORMATS as COMPARE_FORMATS, type WhatIfFormat as CompareFormat } from './whatif-formats.js';

/** Compare's renderers, one per format (the CLI's choices derive from the keys). */
export const COMPARE_RENDERERS: Renderers<Comparison> = {
  table: (c) => renderCompareTable(c),
  json: (c) => renderCompareJson(c),
  csv: (c) => renderCompareCsv(c),
  md: (c) => renderCompareMarkdown(c),
};

export function renderCompare(c: Comparison, format: WhatIfFormat): string {
  return COMPARE_RENDERERS[format](c);
}

/**
 * `compare --alternatives`: the first scenario's workload elsewhere, as extra columns. Only the
 * monthly total is filled (each a sum of its rounded lines); rows that have no meaning for a
 * managed service (sizing, nodes, categories of a Loki plan) stay empty.
 */
export function withAlternativeColumns(c: Comparison, r: AlternativesResult): Comparison {
  const rows = altRows(r);
  return {
    scenarios: [...c.scenarios, ...rows.map((row) => ({ name: row.alt.name, file: `alt:${row.alt.id}`, mode: 'managed service', region: c.scenarios[0]?.region ?? '' }))],
    rows: c.rows.map((x) => ({
      ...x,
      values: [
        ...x.values,
        ...rows.map((row) => (x.key === 'cost.total' ? row.totalCents : x.key === 'mode' ? `${row.alt.provider} (${row.alt.kind})` : null)),
      ],
    })),
  };
}
