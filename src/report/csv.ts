/**
 * CSV for finance, pure: Plan (+ charge period) -> string.
 *
 * - costs.csv: a FOCUS 1.2 cost and usage dataset (https://focus.finops.org/focus-specification/v1-2/)
 *   of the plan's charges, one row per cost line in the plan's order, with every mandatory column
 *   and the conditional ones AWS fills, then lokiplan's own `x_` columns. Summing BilledCost gives
 *   the plan's total to the cent. test/focus.test.ts applies the FinOps Foundation validator's
 *   FOCUS 1.2 rules to it.
 * - costs-baseline.csv: the baseline's charges, the same columns, a dataset of its own.
 * - costs-omitted.csv: the lines `omit` leaves out of the totals, priced the same way, never summed.
 * - costs-summary.csv: subtotals per category and totals, against the baseline.
 * Money is rounded by roundTotals (each line half-up to the cent), so charge rows add up to the summary's subtotals and totals.
 * x_PriceStatus says how far each price can be trusted (model/price-status.ts) and x_HoursPerMonth
 * how many hours the plan prices a month at (the charge period's own length may differ).
 * Numbers use a dot and no grouping whatever the locale. Text cells a spreadsheet would take as a
 * formula are prefixed with a single quote.
 */
import { altRows } from './alternatives.js';
import { stringify } from 'csv-stringify/sync';
import { CATEGORIES, type CostLine, type Plan, type SidePlan, type TargetSizing } from '../model/types.js';
import { mulDecimal } from '../sources/decimal.js';
import { REGION_LOCATIONS } from '../sources/aws-regions.js';
import { FOCUS_PRICING_CATEGORY, focusService, focusUnit } from './focus.js';
import { priceStatus } from '../model/price-status.js';
import { centsToString, exact, roundTotals } from '../text/money.js';
import type { ChargePeriod } from './period.js';

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

/** The FOCUS 1.2 columns of costs.csv (mandatory ones and the conditional ones AWS fills), then lokiplan's own. */
export const COST_COLUMNS = [
  ['AvailabilityZone', 'text'],
  ['BilledCost', 'number'],
  ['BillingAccountId', 'text'],
  ['BillingAccountName', 'text'],
  ['BillingCurrency', 'text'],
  ['BillingPeriodEnd', 'text'],
  ['BillingPeriodStart', 'text'],
  ['CapacityReservationId', 'text'],
  ['CapacityReservationStatus', 'text'],
  ['ChargeCategory', 'text'],
  ['ChargeClass', 'text'],
  ['ChargeDescription', 'text'],
  ['ChargeFrequency', 'text'],
  ['ChargePeriodEnd', 'text'],
  ['ChargePeriodStart', 'text'],
  ['CommitmentDiscountCategory', 'text'],
  ['CommitmentDiscountId', 'text'],
  ['CommitmentDiscountName', 'text'],
  ['CommitmentDiscountQuantity', 'number'],
  ['CommitmentDiscountStatus', 'text'],
  ['CommitmentDiscountType', 'text'],
  ['CommitmentDiscountUnit', 'text'],
  ['ConsumedQuantity', 'number'],
  ['ConsumedUnit', 'text'],
  ['ContractedCost', 'number'],
  ['ContractedUnitPrice', 'number'],
  ['EffectiveCost', 'number'],
  ['InvoiceId', 'text'],
  ['InvoiceIssuerName', 'text'],
  ['ListCost', 'number'],
  ['ListUnitPrice', 'number'],
  ['PricingCategory', 'text'],
  ['PricingCurrency', 'text'],
  ['PricingCurrencyContractedUnitPrice', 'number'],
  ['PricingCurrencyEffectiveCost', 'number'],
  ['PricingCurrencyListUnitPrice', 'number'],
  ['PricingQuantity', 'number'],
  ['PricingUnit', 'text'],
  ['ProviderName', 'text'],
  ['PublisherName', 'text'],
  ['RegionId', 'text'],
  ['RegionName', 'text'],
  ['ResourceId', 'text'],
  ['ResourceName', 'text'],
  ['ResourceType', 'text'],
  ['ServiceCategory', 'text'],
  ['ServiceName', 'text'],
  ['ServiceSubcategory', 'text'],
  ['SkuId', 'text'],
  ['SkuMeter', 'text'],
  ['SkuPriceDetails', 'text'],
  ['SkuPriceId', 'text'],
  ['SubAccountId', 'text'],
  ['SubAccountName', 'text'],
  ['Tags', 'text'],
  ['x_Scenario', 'text'],
  ['x_Category', 'text'],
  ['x_LineId', 'text'],
  ['x_PriceKey', 'text'],
  ['x_PriceSource', 'text'],
  ['x_PriceAsOf', 'text'],
  ['x_PriceStatus', 'text'],
  ['x_HoursPerMonth', 'number'],
] as const satisfies readonly (readonly [string, Kind])[];

/**
 * A decimal column value that a CSV reader types as decimal: always with a fractional digit, so a
 * column of whole numbers (730 hours) does not load as an integer column (the FOCUS validator's
 * loader infers types from the values).
 */
const dec = (s: string): string => (s.includes('.') ? s : `${s}.0`);

const slugOf = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'scenario';

/**
 * The provider, publisher and invoice issuer as AWS's own FOCUS export names them. The issuer is
 * the provider: FOCUS reads a different InvoiceIssuerName as a third-party (marketplace) charge,
 * whose BilledCost must be 0 (rule BilledCost-C-005-C).
 */
const AWS_NAMES = { ProviderName: 'AWS', PublisherName: 'AWS', InvoiceIssuerName: 'AWS' };

/** One FOCUS charge row per cost line, its BilledCost and EffectiveCost the line's rounded cents. */
function focusRows(p: Plan, side: SidePlan, lines: readonly CostLine[], cents: readonly number[], period: ChargePeriod): Record<string, Cell>[] {
  const account = p.billing ?? {
    accountId: `lokiplan-plan-${slugOf(p.scenario)}`,
    accountName: `Plan: ${p.scenario} (a lokiplan estimate, not an AWS bill)`,
  };
  const common = {
    ...AWS_NAMES,
    BillingAccountId: account.accountId,
    BillingAccountName: account.accountName,
    BillingCurrency: p.currency,
    BillingPeriodStart: period.start,
    BillingPeriodEnd: period.end,
    ChargePeriodStart: period.start,
    ChargePeriodEnd: period.end,
    ChargeCategory: 'Usage',
    ChargeFrequency: 'Usage-Based',
    RegionId: p.region,
    RegionName: REGION_LOCATIONS[p.region] ?? null,
    x_Scenario: side.scenario,
    x_PriceAsOf: p.prices.asOf,
    // the plan prices a month of hoursPerMonth hours whatever the charge period's own length
    x_HoursPerMonth: decimal(p.hoursPerMonth),
  };
  return lines.map((l, i) => {
    const svc = focusService(l);
    const unit = focusUnit(l.unit);
    const quantity = dec(decimal(l.quantity));
    const listPrice = dec(l.listUnitPriceUsd ?? priceText(l.unitPriceUsd, l.unitPrice));
    const contracted = dec(l.contractedUnitPriceUsd ?? priceText(l.unitPriceUsd, l.unitPrice));
    const billed = centsToString(cents[i]!);
    const sku = l.sku ?? `lokiplan:${l.priceKey}`;
    const tier = /\.tier\d+$/.exec(l.id)?.[0] ?? '';
    const c = l.commitment;
    return {
      ...common,
      BilledCost: billed,
      EffectiveCost: billed,
      ListUnitPrice: listPrice,
      ListCost: dec(mulDecimal(listPrice, quantity)),
      ContractedUnitPrice: contracted,
      ContractedCost: dec(mulDecimal(contracted, quantity)),
      PricingCategory: FOCUS_PRICING_CATEGORY[l.pricingCategory],
      // priced and billed in USD: the pricing-currency columns repeat the billing-currency ones
      PricingCurrency: p.currency,
      PricingCurrencyContractedUnitPrice: contracted,
      PricingCurrencyEffectiveCost: billed,
      PricingCurrencyListUnitPrice: listPrice,
      PricingQuantity: quantity,
      PricingUnit: unit,
      ConsumedQuantity: quantity,
      ConsumedUnit: unit,
      ChargeDescription: l.description,
      ServiceName: svc.name,
      ServiceCategory: svc.category,
      ServiceSubcategory: svc.subcategory,
      ResourceId: `lokiplan:${slugOf(side.scenario)}/${l.id.replace(/\.tier\d+$/, '')}`,
      ResourceName: l.resource,
      ResourceType: svc.resourceType,
      SkuId: sku,
      SkuPriceId: `${sku}${tier}`,
      SkuMeter: unit,
      ...(c
        ? {
            CommitmentDiscountId: `lokiplan:${c.id}`,
            CommitmentDiscountName: c.name,
            CommitmentDiscountCategory: c.kind === 'savings-plan' ? 'Spend' : 'Usage',
            CommitmentDiscountType: c.kind === 'savings-plan' ? 'Savings Plan' : 'Reserved Instance',
            CommitmentDiscountStatus: 'Used',
            CommitmentDiscountQuantity: c.kind === 'savings-plan' ? billed : quantity,
            CommitmentDiscountUnit: c.kind === 'savings-plan' ? p.currency : unit,
          }
        : {}),
      x_Category: l.category,
      x_LineId: l.id,
      x_PriceKey: l.priceKey,
      x_PriceSource: l.priceSource,
      x_PriceStatus: priceStatus(l),
    };
  });
}

/**
 * costs.csv: a FOCUS 1.2 cost and usage dataset of each plan's charges (the lines in its totals),
 * so summing BilledCost gives the plan's total to the cent. Several plans share one header.
 */
export function renderCostCsv(plans: readonly Plan[], period: ChargePeriod): string {
  return toCsv(
    COST_COLUMNS,
    plans.flatMap((p) => focusRows(p, p, p.lines, roundTotals(p.lines, CATEGORIES).lines, period)),
  );
}

/** costs-baseline.csv: the baseline's charges as a dataset of their own (never rows to add to the scenario's). */
export function renderBaselineCostCsv(plans: readonly Plan[], period: ChargePeriod): string {
  return toCsv(
    COST_COLUMNS,
    plans.flatMap((p) => (p.baseline ? focusRows(p, p.baseline, p.baseline.lines, roundTotals(p.baseline.lines, CATEGORIES).lines, period) : [])),
  );
}

/** costs-omitted.csv: lines the scenario's `omit` leaves out of its totals, priced as charges would be. */
export function renderOmittedCostCsv(plans: readonly Plan[], period: ChargePeriod): string {
  return toCsv(
    COST_COLUMNS,
    plans.flatMap((p) => focusRows(p, p, p.omitted, roundTotals(p.omitted, CATEGORIES).lines, period)),
  );
}

export const SUMMARY_COLUMNS = [
  ['Scenario', 'text'],
  ['Side', 'text'],
  ['Row', 'text'],
  ['Category', 'text'],
  ['Lines', 'number'],
  ['Cost', 'number'],
  ['BaselineCost', 'number'],
  ['Delta', 'number'],
  ['OmittedCost', 'number'],
] as const satisfies readonly (readonly [string, Kind])[];

/**
 * costs-summary.csv: subtotals per category and the total of each side, from the same cents as the
 * charge rows (so they add up), with the baseline and the delta on the scenario side.
 */
export function renderCostSummaryCsv(plans: readonly Plan[]): string {
  const rows = plans.flatMap((p) => {
    const sides: [SidePlan, 'scenario' | 'baseline'][] = [[p, 'scenario'], ...(p.baseline ? [[p.baseline, 'baseline'] as [SidePlan, 'baseline']] : [])];
    const base = p.baseline ? roundTotals(p.baseline.lines, CATEGORIES) : null;
    return sides.flatMap(([side, role]) => {
      const r = roundTotals(side.lines, CATEGORIES);
      const o = roundTotals(side.omitted, CATEGORIES);
      const compare = (mine: number, theirs: number | undefined) =>
        role === 'scenario' && base && theirs !== undefined ? { BaselineCost: centsToString(theirs), Delta: centsToString(mine - theirs) } : {};
      const common = { Scenario: side.scenario, Side: role };
      return [
        ...CATEGORIES.map((c) => ({
          ...common,
          Row: 'subtotal',
          Category: c,
          Lines: String(side.lines.filter((l) => l.category === c).length),
          Cost: centsToString(r.byCategory[c]!),
          OmittedCost: centsToString(o.byCategory[c]!),
          ...compare(r.byCategory[c]!, base?.byCategory[c]),
        })),
        {
          ...common,
          Row: 'total',
          Lines: String(side.lines.length),
          Cost: centsToString(r.total),
          OmittedCost: centsToString(o.total),
          ...compare(r.total, base?.total),
        },
      ];
    });
  });
  // the same workload elsewhere (plan --alternatives): one total row per alternative, the sum of its rounded lines
  const alts = plans.flatMap((p) =>
    p.alternatives ? altRows(p.alternatives).map((a) => ({ Scenario: p.scenario, Side: `alternative:${a.alt.id}`, Row: 'total', Lines: String(a.alt.lines.length), Cost: centsToString(a.totalCents) })) : [],
  );
  return toCsv(SUMMARY_COLUMNS, [...rows, ...alts]);
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
    if (n) parts.push(`${n} on ${g.capacityType} ${g.instanceType}${g.dedicatedTo ? ` (its own nodes)` : ''}`);
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
      Name: `${g.capacityType}${g.dedicatedTo ? ` ${g.dedicatedTo}` : ''} ${g.instanceType}`,
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
