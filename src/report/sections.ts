/**
 * The sections the Markdown and HTML reports share, as plain text cells, so both show the same
 * figures (money via roundTotals, to the cent). Pure.
 */
import { fmtBytes, fmtNum, fmtRate } from '../model/format.js';
import { regimeText } from '../model/flush.js';
import { CATEGORIES, type CostLine, type Plan, type SidePlan, type Warning } from '../model/types.js';
import { storageClassLabel } from './charts.js';
import { roundTotals, toCents, usd } from '../text/money.js';
import { CATEGORY_LABEL } from './table.js';
import { PRICE_STATUS_ORDER, PRICE_STATUSES, priceStatus } from '../model/price-status.js';

export interface Table {
  head: string[];
  rows: string[][];
  /** per column: right-align numbers */
  align: ('l' | 'r')[];
}

export function headline(p: Plan): string {
  return `${p.mode}, ${p.region}; prices: ${p.prices.source} as of ${p.prices.asOf}; ${fmtNum(p.hoursPerMonth)} hours a month`;
}

export function workloadText(p: SidePlan): string {
  const w = p.workload;
  const lines = w.linesPerSecond ? ` (${fmtNum(w.linesPerSecond)} lines/s)` : '';
  return (
    `Ingest ${fmtRate(w.avgBytesPerSecond)}${lines} = ${fmtBytes(w.bytesPerDay, false)}/day, peak ${fmtRate(w.peakBytesPerSecond)}; ` +
    `retention ${fmtNum(w.retentionDays)} days; queries ${fmtRate(w.queryAvgBytesPerSecond)} average, ${fmtRate(w.queryPeakBytesPerSecond)} peak.`
  );
}

export interface Summary {
  total: string;
  baseline: string | null;
  delta: string | null;
  meetsTarget: boolean;
  baselineMeetsTarget: boolean | null;
}

export function summary(p: Plan): Summary {
  const t = roundTotals(p.lines, CATEGORIES).total;
  const b = p.baseline ? roundTotals(p.baseline.lines, CATEGORIES).total : null;
  return {
    total: usd(t),
    baseline: b === null ? null : usd(b),
    delta: b === null ? null : `${t - b > 0 ? '+' : ''}${usd(t - b)}`,
    meetsTarget: p.meetsTarget,
    baselineMeetsTarget: p.baseline ? p.baseline.meetsTarget : null,
  };
}

const res = (cpu: number, gib: number) => `${fmtNum(cpu)} CPU / ${fmtNum(gib)} GiB`;

export function sizingTable(p: SidePlan): Table {
  return {
    head: ['target', 'replicas', 'requests', 'limits', 'volume', 'spot', 'meets target', 'why', 'verdict'],
    align: ['l', 'r', 'l', 'l', 'r', 'r', 'l', 'l', 'l'],
    rows: p.topology.targets.map((t) => [
      t.name,
      t.replicas === t.ruleReplicas ? String(t.replicas) : `${t.replicas} (rule: ${t.ruleReplicas})`,
      res(t.requests.cpu, t.requests.memoryGiB),
      res(t.limits.cpu, t.limits.memoryGiB),
      t.volumeGiB ? `${fmtNum(t.volumeGiB)} GiB` : '-',
      String(t.spotReplicas),
      t.meetsTarget ? 'yes' : 'NO',
      t.reasons.map((r) => r.text).join('; '),
      t.verdict,
    ]),
  };
}

export function nodesTable(p: SidePlan): Table | null {
  if (p.nodes.length === 0) return null;
  return {
    head: ['capacity', 'instance type', 'nodes', 'per zone', 'CPU requested', 'memory requested', 'why this type'],
    align: ['l', 'l', 'r', 'l', 'r', 'r', 'l'],
    rows: p.nodes.map((g) => [
      g.dedicatedTo ? `${g.capacityType} (${g.dedicatedTo} only)` : g.capacityType,
      g.instanceType,
      String(g.count),
      g.perZone.join('/'),
      `${fmtNum((100 * g.cpuRequested) / (g.count * g.allocatable.cpu), 2)}%`,
      `${fmtNum((100 * g.memoryRequestedGiB) / (g.count * g.allocatable.memoryGiB), 2)}%`,
      g.why,
    ]),
  };
}

export function categoryTable(p: Plan): Table {
  const cur = roundTotals(p.lines, CATEGORIES);
  const base = p.baseline ? roundTotals(p.baseline.lines, CATEGORIES) : null;
  const row = (label: string, a: number, b: number | undefined) => [label, usd(a), ...(base ? [usd(b!), usd(a - b!)] : [])];
  return {
    head: ['category', 'scenario', ...(p.baseline ? [`baseline (${p.baseline.mode})`, 'delta'] : [])],
    align: ['l', 'r', 'r', 'r'],
    rows: [...CATEGORIES.map((c) => row(CATEGORY_LABEL[c], cur.byCategory[c]!, base?.byCategory[c])), row('total', cur.total, base?.total)],
  };
}

export function storageTable(p: SidePlan): Table | null {
  const segs = p.storage.segments;
  if (segs.length === 0) return null;
  return {
    head: ['object age', 'class', 'GB at steady state'],
    align: ['l', 'l', 'r'],
    rows: segs.map((s) => [`days ${fmtNum(s.fromDay)}-${fmtNum(s.toDay)}`, storageClassLabel(s.class), fmtNum(Math.round(s.gb))]),
  };
}

export function storageNote(p: SidePlan): string {
  const s = p.storage;
  return `${fmtNum(s.objects)} objects; ${fmtNum(s.putsPerMonth + s.indexPutsPerMonth)} PUT and ${fmtNum(s.getsPerMonth)} GET requests a month; objects live ${fmtNum(s.lifeDays)} days.${s.chunks ? ` ${regimeText(s.chunks)}.` : ''}`;
}

export function linesTable(lines: readonly CostLine[]): Table {
  const cents = roundTotals(lines, CATEGORIES).lines;
  return {
    head: ['category', 'resource', 'quantity', 'unit', 'unit price', 'monthly', 'price status', 'description', 'price source'],
    align: ['l', 'l', 'r', 'l', 'r', 'r', 'l', 'l', 'l'],
    rows: lines.map((l, i) => [
      CATEGORY_LABEL[l.category],
      l.resource,
      fmtNum(l.quantity, 4),
      l.unit,
      `$${l.unitPriceUsd}`,
      usd(cents[i]!),
      priceStatus(l),
      l.description,
      l.priceSource,
    ]),
  };
}

/** How much of a total rests on each price status (model/price-status.ts): lines, monthly, share. */
export function priceStatusTable(lines: readonly CostLine[]): Table {
  const cents = roundTotals(lines, CATEGORIES).lines;
  const total = cents.reduce((a, c) => a + c, 0);
  const rows = PRICE_STATUS_ORDER.flatMap((st) => {
    const at = lines.flatMap((l, i) => (priceStatus(l) === st ? [cents[i]!] : []));
    if (!at.length) return [];
    const sum = at.reduce((a, c) => a + c, 0);
    return [[st, String(at.length), usd(sum), total ? `${((100 * sum) / total).toFixed(1)}%` : '-', PRICE_STATUSES[st]]];
  });
  return { head: ['price status', 'lines', 'monthly', 'share', 'meaning'], align: ['l', 'r', 'r', 'r', 'l'], rows };
}

export function claimLines(p: Plan): { holds: boolean; text: string }[] {
  return p.claims.map((c) => {
    const claimed = c.claimed.low === c.claimed.high ? usd(toCents(c.claimed.low)) : `${usd(toCents(c.claimed.low))} to ${usd(toCents(c.claimed.high))}`;
    return { holds: c.holds, text: `${c.key}: claimed ${claimed}, modelled ${usd(toCents(c.actual))}` };
  });
}

/** The plan's warnings, then the baseline's that are not already there. */
export function allWarnings(p: Plan): Warning[] {
  const own = new Set(p.warnings.map((w) => w.message));
  return [...p.warnings, ...(p.baseline ? p.baseline.warnings.filter((w) => !own.has(w.message)).map((w) => ({ ...w, message: `baseline: ${w.message}` })) : [])];
}
