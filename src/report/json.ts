/** JSON rendering of a plan: stable key order, exact amounts (to the micro-dollar), no clock. */
import { verdictCases } from './verdict.js';
import type { CostLine, Plan, SidePlan, TargetSizing, Totals } from '../model/types.js';
import { CATEGORIES } from '../model/types.js';
import { alternativesJson } from './alternatives.js';
import { exact, roundTotals, type RoundedTotals } from '../text/money.js';

/** Dollars of a whole number of cents (2 decimals; a double prints 282 cents as 2.82). */
const dollars = (cents: number): number => cents / 100;

/**
 * Exact amounts (to the micro-dollar) beside the figures every other format shows: each line
 * rounded half-up to the cent, categories and total the sums of the rounded lines.
 */
const totalsJson = (t: Totals, r: RoundedTotals) => ({
  monthly: exact(t.monthly),
  byCategory: Object.fromEntries(Object.entries(t.byCategory).map(([k, v]) => [k, exact(v)])),
  rounded: { monthly: dollars(r.total), byCategory: Object.fromEntries(Object.entries(r.byCategory).map(([k, v]) => [k, dollars(v)])) },
});

const lineJson = (l: CostLine, cents: number) => ({
  id: l.id,
  category: l.category,
  component: l.component,
  resource: l.resource,
  description: l.description,
  unit: l.unit,
  quantity: exact(l.quantity),
  priceKey: l.priceKey,
  unitPrice: l.unitPrice,
  unitPriceUsd: l.unitPriceUsd,
  monthlyCost: exact(l.monthlyCost),
  monthlyCostRounded: dollars(cents),
  priceSource: l.priceSource,
  pricingCategory: l.pricingCategory,
  sku: l.sku,
});

const targetJson = (t: TargetSizing) => ({
  name: t.name,
  components: t.components,
  replicas: t.replicas,
  ruleReplicas: t.replicas === t.ruleReplicas ? undefined : t.ruleReplicas,
  cpuRequest: t.requests.cpu,
  memoryRequestGiB: t.requests.memoryGiB,
  cpuLimit: t.limits.cpu,
  memoryLimitGiB: t.limits.memoryGiB,
  volumeGiB: t.volumeGiB,
  spotReplicas: t.spotReplicas,
  committedReplicas: t.committedReplicas,
  reason: t.reasons.map((r) => r.text).join('; '),
  reasons: t.reasons,
  demandBytesPerSecond: t.demandBytesPerSecond,
  capacityBytesPerSecond: t.capacityBytesPerSecond,
  meetsTarget: t.meetsTarget,
  verdict: t.verdict,
  profileSource: t.profileSource,
});

function sideJson(p: SidePlan) {
  const r = roundTotals(p.lines, CATEGORIES);
  const o = roundTotals(p.omitted, CATEGORIES);
  return {
    scenario: p.scenario,
    mode: p.mode,
    workload: p.workload,
    sizing: {
      replicationFactor: p.topology.replicationFactor,
      zones: p.topology.zones,
      profile: p.topology.profileId,
      tier: p.topology.tier,
      zoneAware: p.topology.zoneAware,
      targets: p.topology.targets.map(targetJson),
      nodes: p.nodes.map((g) => ({
        capacityType: g.capacityType,
        instanceType: g.instanceType,
        ...(g.dedicatedTo ? { dedicatedTo: g.dedicatedTo } : {}),
        count: g.count,
        perZone: g.perZone,
        allocatable: g.allocatable,
        cpuRequested: g.cpuRequested,
        memoryRequestedGiB: g.memoryRequestedGiB,
        why: g.why,
        nodes: g.nodes.map((n) => ({ zone: n.zone, pods: n.pods, cpuUsed: n.cpuUsed, memoryUsedGiB: n.memoryUsedGiB })),
      })),
    },
    storage: p.storage,
    interAzGbPerMonth: exact(p.interAzGbPerMonth),
    lines: p.lines.map((l, i) => lineJson(l, r.lines[i]!)),
    omitted: p.omitted.map((l, i) => lineJson(l, o.lines[i]!)),
    totals: totalsJson(p.totals, r),
    capacity: {
      meetsTarget: p.meetsTarget,
      cases: verdictCases(p).map((c) => ({ case: c.case, status: c.status })),
      failing: p.capacity.rows.filter((r) => r.status === 'fail').map((r) => ({ target: r.target, case: r.case, condition: r.condition, binding: r.binding, detail: r.detail })),
      fixes: p.capacity.fixes,
    },
    warnings: p.warnings,
  };
}

export function planJson(p: Plan) {
  const side = sideJson(p);
  const base = p.baseline ? sideJson(p.baseline) : null;
  return {
    scenario: p.scenario,
    currency: p.currency,
    region: p.region,
    hoursPerMonth: p.hoursPerMonth,
    prices: p.prices,
    mode: p.mode,
    workload: side.workload,
    sizing: side.sizing,
    storage: side.storage,
    interAzGbPerMonth: side.interAzGbPerMonth,
    lines: side.lines,
    omitted: side.omitted,
    totals: side.totals,
    baseline: base ? { ...base, meetsTarget: p.baseline!.meetsTarget } : null,
    delta: p.delta && base ? { monthly: exact(p.delta.monthly), rounded: dollars(roundTotals(p.lines, CATEGORIES).total - roundTotals(p.baseline!.lines, CATEGORIES).total) } : null,
    capacity: side.capacity,
    actuals: p.actuals
      ? {
          ...p.actuals,
          months: p.actuals.months.map((m) => ({ ...m, amount: exact(m.amount) })),
          actualMonthly: exact(p.actuals.actualMonthly),
          modelledMonthly: exact(p.actuals.modelledMonthly),
          variance: exact(p.actuals.variance),
          byService: p.actuals.byService.map((b) => ({ ...b, amount: exact(b.amount) })),
        }
      : undefined,
    observed: p.observed,
    alternatives: alternativesJson(p),
    // the price of holding (null when the plan holds): the cheapest change within the mode and the cheapest other mode that holds
    holding: p.holding
      ? {
          asWritten: exact(p.holding.asWritten),
          withinMode: p.holding.withinMode ? { ...p.holding.withinMode, monthly: exact(p.holding.withinMode.monthly) } : null,
          withinModeWhyNot: p.holding.withinModeWhyNot,
          cheapestMode: p.holding.cheapestMode ? { ...p.holding.cheapestMode, monthly: exact(p.holding.cheapestMode.monthly) } : null,
        }
      : null,
    claims: p.claims.map((c) => ({ ...c, actual: exact(c.actual) })),
    warnings: p.warnings,
    assumptions: p.assumptions,
  };
}

/** The JSON format's name and version; a consumer checks it before reading `plans`. */
export const PLAN_JSON_FORMAT = 'lokiplan-plan/1';

/** One shape however many plans: `{ format, plans: [...] }`. */
export function renderJson(plans: readonly Plan[]): string {
  return `${JSON.stringify({ format: PLAN_JSON_FORMAT, plans: plans.map(planJson) }, null, 2)}\n`;
}
