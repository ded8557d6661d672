/**
 * CSV for what-if reports (compare, sweep, sensitivity, growth, uncertainty): csv-stringify for
 * quoting, text cells neutralised against spreadsheet formula injection (a leading = + - @ tab or
 * CR gets a ' prefix), money as dot-decimal dollars from cents (money.ts), no thousands separators.
 */
import { MODES } from '../model/modes/index.js';
import { stringify } from 'csv-stringify/sync';
import { CATEGORIES, type SidePlan } from '../model/types.js';
import { centsToString, roundTotals } from '../text/money.js';

/** A text cell made safe for spreadsheets. Numbers are passed as numbers and never touched. */
export function safeText(s: string): string {
  if (/^-?\d+(\.\d+)?$/.test(s)) return s; // a plain decimal number (e.g. a negative delta) is not a formula
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export type Cell = string | number | boolean | null;

/** Rows to CSV text; string cells are neutralised, numbers written as they are. */
export function csvRows(rows: readonly (readonly Cell[])[]): string {
  return stringify(
    rows.map((r) => r.map((c) => (typeof c === 'string' ? safeText(c) : c === null ? '' : typeof c === 'boolean' ? (c ? 'true' : 'false') : c))),
    { record_delimiter: '\n' },
  );
}

/** Money cell: cents as a dot-decimal string (1234.56). */
export const money = (cents: number): string => centsToString(cents);

export const SWEEP_MONEY_COLUMNS = ['total', ...CATEGORIES] as const;

/** Header of a sweep CSV: the varied fields, then the plan's figures. */
export function sweepHeader(axisNames: readonly string[], withBaseline: boolean): string {
  // the mode and, by name, the target that carries ingest and the one that serves queries (the same
  // words in every mode: in microservices they are the ingesters and queriers, in ha-monolithic the single binary)
  const cols: Cell[] = [...axisNames, ...SWEEP_MONEY_COLUMNS.map((c) => (c === 'total' ? 'total' : c)), 'meetsTarget', 'nodes', 'mode', 'ingestTarget', 'ingestReplicas', 'queryTarget', 'queryReplicas'];
  if (withBaseline) cols.push('baselineTotal', 'delta', 'baselineMeetsTarget');
  return csvRows([cols]);
}

/** Pre-rendered CSV cells for each axis value (quoted and neutralised once, not per row). */
export function labelCells(labels: readonly string[]): string[] {
  return labels.map((l) => csvRows([[l]]).slice(0, -1));
}

const replicasOf = (p: SidePlan, name: string): string => {
  for (const t of p.topology.targets) if (t.name === name) return String(t.replicas);
  return '';
};

/** One sweep row after its pre-rendered label cells. Categories and total add up to the cent. */
export function sweepRow(labels: string, p: SidePlan, baseline: SidePlan | null, withBaseline: boolean): { row: string; totalCents: number } {
  const r = roundTotals(p.lines, CATEGORIES);
  let nodes = 0;
  for (const g of p.nodes) nodes += g.count;
  let row = `${labels}${labels ? ',' : ''}${money(r.total)}`;
  for (const c of CATEGORIES) row += `,${money(r.byCategory[c]!)}`;
  const st = MODES[p.mode].summaryTargets;
  row += `,${p.meetsTarget},${nodes},${p.mode},${st.write},${replicasOf(p, st.write)},${st.read},${replicasOf(p, st.read)}`;
  if (withBaseline) {
    if (baseline) {
      const b = roundTotals(baseline.lines, CATEGORIES).total;
      row += `,${money(b)},${money(r.total - b)},${baseline.meetsTarget}`;
    } else row += ',,,';
  }
  return { row: `${row}\n`, totalCents: r.total };
}
