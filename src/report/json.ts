/** JSON rendering of a plan: stable key order, exact amounts (to the micro-dollar), no clock. */
import type { CostLine, Plan, SidePlan, TargetSizing, Totals } from '../model/types.js';
import { alternativesJson } from './alternatives.js';
import { exact } from './money.js';

const totalsJson = (t: Totals) => ({
  monthly: exact(t.monthly),
  byCategory: Object.fromEntries(Object.entries(t.byCategory).map(([k, v]) => [k, exact(v)])),
});

const lineJson = (l: CostLine) => ({
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
    lines: p.lines.map(lineJson),
    omitted: p.omitted.map(lineJson),
    totals: totalsJson(p.totals),
    capacity: { meetsTarget: p.meetsTarget },
    warnings: p.warnings,
  };
}

export function planJson(p: Plan) {
  const side = sideJson(p);
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
    baseline: p.baseline ? { ...sideJson(p.baseline), meetsTarget: p.baseline.meetsTarget } : null,
    delta: p.delta ? { monthly: exact(p.delta.monthly) } : null,
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
    alternatives: alternativesJson(p),
    claims: p.claims.map((c) => ({ ...c, actual: exact(c.actual) })),
    warnings: p.warnings,
    assumptions: p.assumptions,
  };
}

export function renderJson(plans: Plan[]): string {
  const body = plans.length === 1 ? planJson(plans[0]!) : plans.map(planJson);
  return `${JSON.stringify(body, null, 2)}\n`;
}
