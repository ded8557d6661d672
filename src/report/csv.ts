/**
 * CSV for finance: cost lines with FinOps FOCUS column names where they fit, plus `x_` columns of
 * our own; and a sizing CSV. Pure: Plan (+ charge period) -> string.
 *
 * Rows, per plan, scenario side first then baseline side, each in the plan's own line order:
 *   x_RowType=charge    a cost line in the totals
 *   x_RowType=omitted   priced but left out of the totals by the scenario's `omit` (shown, never summed)
 *   x_RowType=subtotal  one per category: the sum of that category's charge rows
 *   x_RowType=total     the sum of the side's charge rows; on the scenario side x_BaselineCost and
 *                       x_Delta compare the subtotals and the total with the baseline's
 * Money is rounded by roundTotals (cents by largest remainder), so charge rows add up to their
 * subtotal and total rows exactly. Numbers use a dot and no grouping whatever the locale. Text
 * cells a spreadsheet would take as a formula are prefixed with a single quote.
 */
import { stringify } from 'csv-stringify/sync';
import { CATEGORIES, type CostLine, type Plan, type SidePlan, type TargetSizing } from '../model/types.js';
import { familyOf } from '../model/price-catalogue.js';
import { centsToString, exact, roundTotals } from './money.js';
import type { ChargePeriod } from './period.js';
import { CATEGORY_LABEL } from './table.js';

type Kind = 'text' | 'number';
type Cell = string | null | undefined;

/** First characters that make a spreadsheet evaluate a cell (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralise a text cell: a leading quote makes spreadsheets show it as text. */
export const inertText = (s: string): string => (FORMULA_START.test(s) ? `'${s}` : s);

/** A plain decimal with a dot, no exponent, no grouping, at most 6 decimals. */
export function decimal(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
  const s = exact(v).toFixed(6).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** An exact price string from a source, or its decimal when it is not plain. */
const priceText = (usd: string, value: number): string => (NUMBER.test(usd) ? usd : decimal(value));

function toCsv(columns: readonly (readonly [string, Kind])[], rows: Record<string, Cell>[]): string {
  const records = rows.map((r) =>
    columns.map(([name, kind]) => {
      const v = r[name];
      if (v === null || v === undefined) return '';
      if (kind === 'number') {
        if (!NUMBER.test(v)) throw new Error(`internal: CSV column ${name} got a non-number ${JSON.stringify(v)}`);
        return v;
      }
      return inertText(v);
    }),
  );
  return stringify(records, { header: true, columns: columns.map(([n]) => n), bom: true, record_delimiter: 'unix', eof: true });
}

export const COST_COLUMNS = [
  ['ChargePeriodStart', 'text'],
  ['ChargePeriodEnd', 'text'],
  ['BillingCurrency', 'text'],
  ['ProviderName', 'text'],
  ['ServiceName', 'text'],
  ['ServiceCategory', 'text'],
  ['RegionId', 'text'],
  ['ResourceName', 'text'],
  ['ResourceType', 'text'],
  ['ChargeCategory', 'text'],
  ['ChargeDescription', 'text'],
  ['PricingCategory', 'text'],
  ['PricingUnit', 'text'],
  ['PricingQuantity', 'number'],
  ['ListUnitPrice', 'number'],
  ['ListCost', 'number'],
  ['EffectiveCost', 'number'],
  ['x_Scenario', 'text'],
  ['x_Side', 'text'],
  ['x_RowType', 'text'],
  ['x_Category', 'text'],
  ['x_LineId', 'text'],
  ['x_PriceKey', 'text'],
  ['x_PriceSource', 'text'],
  ['x_PriceAsOf', 'text'],
  ['x_BaselineCost', 'number'],
  ['x_Delta', 'number'],
] as const satisfies readonly (readonly [string, Kind])[];

/** FOCUS ServiceName / ServiceCategory / ResourceType: the price-key catalogue's, by the line's key. */
function service(l: CostLine): { name: string; category: string; resourceType: string } {
  const f = familyOf(l.priceKey);
  if (f) return f.family.focus;
  // a key outside the catalogue (a scenario override of an unknown key): by component
  if (l.component === 'load-balancer') return { name: 'Elastic Load Balancing', category: 'Networking', resourceType: 'Load Balancer' };
  return { name: 'Amazon Elastic Compute Cloud', category: 'Compute', resourceType: 'vCPU' };
}

/** FOCUS PricingCategory: Standard (on-demand, usage), Dynamic (spot), Committed. */
const PRICING_CATEGORY: Record<CostLine['pricingCategory'], string> = {
  'on-demand': 'Standard',
  usage: 'Standard',
  spot: 'Dynamic',
  committed: 'Committed',
};

function sideRows(p: Plan, side: SidePlan, role: 'scenario' | 'baseline', period: ChargePeriod): Record<string, Cell>[] {
  const common = {
    ChargePeriodStart: period.start,
    ChargePeriodEnd: period.end,
    BillingCurrency: p.currency,
    ProviderName: 'AWS',
    RegionId: p.region,
    x_Scenario: side.scenario,
    x_Side: role,
    x_PriceAsOf: p.prices.asOf,
  };
  const lineRow = (l: CostLine, cents: number, rowType: 'charge' | 'omitted'): Record<string, Cell> => {
    const svc = service(l);
    return {
      ...common,
      ServiceName: svc.name,
      ServiceCategory: svc.category,
      ResourceName: l.resource,
      ResourceType: svc.resourceType,
      ChargeCategory: 'Usage',
      ChargeDescription: l.description,
      PricingCategory: PRICING_CATEGORY[l.pricingCategory],
      PricingUnit: l.unit,
      PricingQuantity: decimal(l.quantity),
      ListUnitPrice: priceText(l.unitPriceUsd, l.unitPrice),
      ListCost: centsToString(cents),
      EffectiveCost: centsToString(cents),
      x_RowType: rowType,
      x_Category: l.category,
      x_LineId: l.id,
      x_PriceKey: l.priceKey,
      x_PriceSource: l.priceSource,
    };
  };
  const r = roundTotals(side.lines, CATEGORIES);
  const o = roundTotals(side.omitted, CATEGORIES);
  const base = role === 'scenario' && p.baseline ? roundTotals(p.baseline.lines, CATEGORIES) : null;
  const compare = (mine: number, theirs: number | undefined) =>
    base && theirs !== undefined ? { x_BaselineCost: centsToString(theirs), x_Delta: centsToString(mine - theirs) } : {};
  return [
    ...side.lines.map((l, i) => lineRow(l, r.lines[i]!, 'charge')),
    ...side.omitted.map((l, i) => lineRow(l, o.lines[i]!, 'omitted')),
    ...CATEGORIES.map((c) => ({
      ...common,
      ChargeDescription: `subtotal: ${CATEGORY_LABEL[c]}`,
      ListCost: centsToString(r.byCategory[c]!),
      EffectiveCost: centsToString(r.byCategory[c]!),
      x_RowType: 'subtotal',
      x_Category: c,
      ...compare(r.byCategory[c]!, base?.byCategory[c]),
    })),
    {
      ...common,
      ChargeDescription: `total: ${side.lines.length} charge rows${side.omitted.length ? `; ${side.omitted.length} omitted rows not included` : ''}`,
      ListCost: centsToString(r.total),
      EffectiveCost: centsToString(r.total),
      x_RowType: 'total',
      ...compare(r.total, base?.total),
    },
  ];
}

/** Cost lines of each plan and its baseline. Several plans share one header. */
export function renderCostCsv(plans: readonly Plan[], period: ChargePeriod): string {
  const rows = plans.flatMap((p) => [
    ...sideRows(p, p, 'scenario', period),
    ...(p.baseline ? sideRows(p, p.baseline, 'baseline', period) : []),
  ]);
  return toCsv(COST_COLUMNS, rows);
}

export const SIZING_COLUMNS = [
  ['Scenario', 'text'],
  ['Side', 'text'],
  ['Kind', 'text'],
  ['Name', 'text'],
  ['Components', 'text'],
  ['Count', 'number'],
  ['RuleCount', 'number'],
  ['SpotCount', 'number'],
  ['CpuRequest', 'number'],
  ['MemoryRequestGiB', 'number'],
  ['CpuLimit', 'number'],
  ['MemoryLimitGiB', 'number'],
  ['VolumeGiB', 'number'],
  ['CpuAllocatable', 'number'],
  ['MemoryAllocatableGiB', 'number'],
  ['Nodes', 'text'],
  ['PerZone', 'text'],
  ['DemandMiBps', 'number'],
  ['CapacityMiBps', 'number'],
  ['MeetsTarget', 'text'],
  ['Reason', 'text'],
  ['Verdict', 'text'],
] as const satisfies readonly (readonly [string, Kind])[];

const mib = (v: number | null): Cell => (v === null ? null : decimal(v / 2 ** 20));

/** Where a target's pods run: "7 on on-demand m7g.xlarge" and per-zone counts "3/2/2". */
function placementOf(side: SidePlan, t: TargetSizing): { nodes: string; perZone: string } {
  const parts: string[] = [];
  const zones = Array.from({ length: side.topology.zones }, () => 0);
  for (const g of side.nodes) {
    let n = 0;
    for (const node of g.nodes) {
      const k = node.pods.filter((x) => x === t.name).length;
      n += k;
      if (node.zone < zones.length) zones[node.zone]! += k;
    }
    if (n) parts.push(`${n} on ${g.capacityType} ${g.instanceType}`);
  }
  return parts.length ? { nodes: parts.join('; '), perZone: zones.join('/') } : { nodes: '', perZone: '' };
}

function sizingRows(side: SidePlan, role: 'scenario' | 'baseline'): Record<string, Cell>[] {
  const common = { Scenario: side.scenario, Side: role };
  const targets = side.topology.targets.map((t) => {
    const where = placementOf(side, t);
    return {
      ...common,
      Kind: 'target',
      Name: t.name,
      Components: t.components.join(' '),
      Count: String(t.replicas),
      RuleCount: String(t.ruleReplicas),
      SpotCount: String(t.spotReplicas),
      CpuRequest: decimal(t.requests.cpu),
      MemoryRequestGiB: decimal(t.requests.memoryGiB),
      CpuLimit: decimal(t.limits.cpu),
      MemoryLimitGiB: decimal(t.limits.memoryGiB),
      VolumeGiB: decimal(t.volumeGiB),
      Nodes: where.nodes || null,
      PerZone: where.perZone || null,
      DemandMiBps: mib(t.demandBytesPerSecond),
      CapacityMiBps: mib(t.capacityBytesPerSecond),
      MeetsTarget: t.meetsTarget ? 'yes' : 'no',
      Reason: t.reasons.map((r) => r.text).join('; '),
      Verdict: t.verdict,
    };
  });
  const groups = side.nodes.map((g) => {
    const pods = new Map<string, number>();
    for (const n of g.nodes) for (const x of n.pods) pods.set(x, (pods.get(x) ?? 0) + 1);
    return {
      ...common,
      Kind: 'node-group',
      Name: `${g.capacityType} ${g.instanceType}`,
      Count: String(g.count),
      SpotCount: String(g.capacityType === 'spot' ? g.count : 0),
      CpuRequest: decimal(g.cpuRequested),
      MemoryRequestGiB: decimal(g.memoryRequestedGiB),
      CpuAllocatable: decimal(g.count * g.allocatable.cpu),
      MemoryAllocatableGiB: decimal(g.count * g.allocatable.memoryGiB),
      Nodes: [...pods].map(([x, n]) => `${n} ${x}`).join('; '),
      PerZone: g.perZone.join('/'),
      Reason: g.why,
    };
  });
  return [...targets, ...groups];
}

/** Sizing of each plan and its baseline: one row per target, then one per node group. */
export function renderSizingCsv(plans: readonly Plan[]): string {
  return toCsv(
    SIZING_COLUMNS,
    plans.flatMap((p) => [...sizingRows(p, 'scenario'), ...(p.baseline ? sizingRows(p.baseline, 'baseline') : [])]),
  );
}
