/**
 * The price of holding: when a plan does not hold (lokiplan check), the cheapest change within its
 * mode that makes it hold, and the cheapest other mode that holds, each priced as a full plan.
 * The changes are the check's own fixes applied until the check passes: replicas the failing rows
 * need, pods as the sizing rule sizes them, limits_config as planned, zone-aware replication.
 * Pure: plans with the same price book and profile.
 */
import { fmtNum, plural } from './format.js';
import { MODES } from './modes/index.js';
import { zoneAwareFits } from './modes/spec.js';
import { inMode } from './modes/switch.js';
import { planSide } from './plan.js';
import type { PriceBook } from './prices.js';
import type { SizingProfile } from './profiles.js';
import type { DeploymentMode, Holding, HoldingOption, Scenario, SidePlan, TargetOverride } from './types.js';
import { totalCents } from '../text/money.js';


const ROUNDS = 6;

/** Apply the check's fixes to `s` until it holds (or no fix applies); the holding plan and the changes, or why not. */
function repair(s0: Scenario, book: PriceBook, profile: SizingProfile, resetPods: boolean): { plan: SidePlan; scenario: Scenario } | { whyNot: string } {
  let s: Scenario = resetPods ? { ...s0, targets: {} } : s0;
  const spec = MODES[s.deployment.mode];
  for (let i = 0; i < ROUNDS; i++) {
    let p: SidePlan;
    try {
      p = planSide(s, book, profile, false); // figures and verdict: no line descriptions
    } catch (e) {
      return { whyNot: (e as Error).message };
    }
    if (p.verdict.holds) return { plan: p, scenario: s };
    // the statuses decide the fixes; the words (a row's detail) are read only to say why not
    const failing = p.verdict.rows.filter((r) => r.status === 'fail');
    const targets: Record<string, TargetOverride> = { ...s.targets };
    let changed = false;
    for (const r of failing) {
      const t = p.topology.targets.find((x) => x.name === r.target);
      if (!t || r.needed === undefined || r.needed <= t.replicas) continue;
      if (spec.maxReplicas !== null && r.needed > spec.maxReplicas) return { whyNot: `${t.name}: ${s.deployment.mode} runs ${plural(spec.maxReplicas, 'replica')}; it cannot carry the load` };
      targets[t.name] = { ...targets[t.name], replicas: Math.max(r.needed, targets[t.name]?.replicas ?? 0) };
      changed = true;
    }
    let limits = s.limits;
    if (failing.some((r) => r.case === 'limits') && s.limits.basis !== 'planned') {
      limits = { basis: 'planned', values: {} };
      changed = true;
    }
    let deployment = s.deployment;
    const quorum = failing.find((r) => r.binding === 'write quorum' && r.case === 'zone-loss');
    if (quorum && spec.zoneAwareIngesters && !zoneAwareFits(s)) {
      deployment = { ...s.deployment, zones: Math.max(s.deployment.zones, s.deployment.replicationFactor) };
      changed = true;
    } else if (quorum && !spec.zoneAwareIngesters) {
      return { whyNot: `${quorum.target}: ${s.deployment.mode} replication is not zone-aware in the Helm chart, so a zone loss can take a stream's write quorum` };
    }
    if (!changed) {
      const r = p.capacity.rows.find((x) => x.status === 'fail')!;
      return { whyNot: `${r.target} with ${r.condition}: ${r.detail}` };
    }
    s = { ...s, targets, limits, deployment };
  }
  return { whyNot: `no holding deployment within ${ROUNDS} rounds of the check's fixes` };
}

/** Words for what changed between the scenario as written and its repaired form. */
function describe(from: SidePlan, fromS: Scenario, to: SidePlan, toS: Scenario): string[] {
  const out: string[] = [];
  if (toS.deployment.mode !== fromS.deployment.mode) out.push(`mode ${toS.deployment.mode} instead of ${fromS.deployment.mode}, sized by its rules`);
  else {
    for (const t of to.topology.targets) {
      const was = from.topology.targets.find((x) => x.name === t.name);
      if (!was) continue;
      const parts: string[] = [];
      if (was.replicas !== t.replicas) parts.push(`${fmtNum(was.replicas)} -> ${plural(t.replicas, 'replica')}`);
      if (was.requests.cpu !== t.requests.cpu || was.requests.memoryGiB !== t.requests.memoryGiB) {
        parts.push(`pods ${fmtNum(was.requests.cpu)} CPU / ${fmtNum(was.requests.memoryGiB)} GiB -> ${fmtNum(t.requests.cpu)} CPU / ${fmtNum(t.requests.memoryGiB)} GiB`);
      }
      if (parts.length) out.push(`${t.name}: ${parts.join(', ')}`);
    }
  }
  if (toS.deployment.zones !== fromS.deployment.zones) out.push(`${toS.deployment.zones} zones${MODES[toS.deployment.mode].zoneAwareIngesters ? ' with zone-aware ingester replication' : ''}`);
  if (toS.deployment.replicationFactor !== fromS.deployment.replicationFactor) out.push(`replication factor ${toS.deployment.replicationFactor}`);
  if (Object.values(fromS.compute.spot).some((f) => f > 0) && !Object.values(toS.compute.spot).some((f) => f > 0)) out.push('no spot capacity (all on-demand is cheaper here)');
  if (toS.limits.basis !== fromS.limits.basis) {
    const l = to.capacity.limits.deployed;
    out.push(`limits_config as lokiplan plans them: ingestion_rate_mb ${fmtNum(l.ingestionRateMB)}, ingestion_burst_size_mb ${fmtNum(l.ingestionBurstSizeMB)}`);
  }
  return out;
}

/**
 * A holding plan with each target's spot share dropped where that is cheaper and still holds (the
 * variant the plan's own spot-raises-cost warning names): the user's shares stay wherever they pay.
 */
function spotWherePays(r: { plan: SidePlan; scenario: Scenario }, book: PriceBook, profile: SizingProfile): { plan: SidePlan; scenario: Scenario; dropped: string[] } {
  let cur = r;
  const dropped: string[] = [];
  for (const t of r.plan.topology.targets) {
    if (t.spotReplicas === 0 || !(cur.scenario.compute.spot[t.name]! > 0)) continue;
    const spot = { ...cur.scenario.compute.spot };
    delete spot[t.name];
    const v = { ...cur.scenario, compute: { ...cur.scenario.compute, spot } };
    let p: SidePlan;
    try {
      p = planSide(v, book, profile, false);
    } catch {
      continue;
    }
    if (p.verdict.holds && totalCents(p.lines) < totalCents(cur.plan.lines)) {
      dropped.push(`${t.name} on-demand, not spot: spot makes it dearer here (at most one ${t.name} pod per spot node under hostname anti-affinity)`);
      cur = { plan: p, scenario: v };
    }
  }
  return { ...cur, dropped };
}

function cheapest(s: Scenario, from: SidePlan, book: PriceBook, profile: SizingProfile, variants: Scenario[]): { option: HoldingOption | null; whyNot: string | null } {
  let best: HoldingOption | null = null;
  let whyNot: string | null = null;
  const all = variants.flatMap((v) => (Object.values(v.compute.spot).some((f) => f > 0) ? [v, { ...v, compute: { ...v.compute, spot: {} } }] : [v]));
  for (const v of all) {
    for (const reset of [false, true]) {
      const r0 = repair(v, book, profile, reset);
      if ('whyNot' in r0) {
        whyNot ??= r0.whyNot;
        continue;
      }
      const r = spotWherePays(r0, book, profile);
      const monthly = totalCents(r.plan.lines) / 100; // as that plan's total shows it, to the cent
      if (!best || monthly < best.monthly) best = { mode: r.scenario.deployment.mode, monthly, changes: [...describe(from, s, r.plan, r.scenario).filter((c) => !(r.dropped.length && c.startsWith('no spot capacity'))), ...r.dropped] };
    }
  }
  return { option: best, whyNot: best ? null : whyNot };
}

/**
 * Targets whose spot share raises the plan's cost (hostname anti-affinity can put one small pod on
 * each spot node): the plan's total with the share and with that target all on-demand.
 */
export function dearerSpot(s: Scenario, side: SidePlan, book: PriceBook, profile: SizingProfile): { target: string; withSpot: number; onDemand: number }[] {
  if (s.compute.pricing !== 'nodes') return [];
  const out: { target: string; withSpot: number; onDemand: number }[] = [];
  for (const t of side.topology.targets) {
    if (t.spotReplicas === 0) continue;
    const spot = { ...s.compute.spot };
    delete spot[t.name];
    const p = planSide({ ...s, compute: { ...s.compute, spot } }, book, profile, false);
    // both figures as the plan's total shows them: the sum of its lines rounded to the cent
    const withSpot = totalCents(side.lines);
    const onDemand = totalCents(p.lines);
    if (onDemand < withSpot) out.push({ target: t.name, withSpot: withSpot / 100, onDemand: onDemand / 100 });
  }
  return out;
}

/**
 * The price of holding for a scenario whose plan (`side`) does not hold; null when it holds.
 * `inOtherMode` gives the scenario in another mode: the command sets the mode on the scenario's
 * document and normalises it again (fields.ts), so the shares, commitments, zones and instance
 * types the document names carry over by their names whichever mode the scenario starts from;
 * without it, the normalised scenario is mapped (inMode), which can only keep what its mode kept.
 * A mode whose document is refused is no option.
 */
export function priceOfHolding(s: Scenario, side: SidePlan, book: PriceBook, profile: SizingProfile, inOtherMode: (mode: DeploymentMode) => Scenario = (m) => inMode(s, m)): Holding | null {
  if (side.verdict.holds) return null;
  const within = cheapest(s, side, book, profile, [s]);
  const others = (Object.keys(MODES) as DeploymentMode[])
    .filter((m) => m !== s.deployment.mode)
    .flatMap((m) => {
      try {
        return [{ ...inOtherMode(m), targets: {}, baseline: null }];
      } catch {
        return [];
      }
    });
  const other = cheapest(s, side, book, profile, others);
  return { asWritten: totalCents(side.lines) / 100, withinMode: within.option, withinModeWhyNot: within.whyNot, cheapestMode: other.option };
}
