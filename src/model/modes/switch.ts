/**
 * Mode-neutral names: a share (spot, committed) or override named by a role, or by a target of
 * another mode, lands on the targets of this mode that play the same role. One rule, used by the
 * scenario normaliser (`extends` and `sweep --vary mode=`) and by the price of holding.
 */
import type { DeploymentMode, Scenario } from '../types.js';
import { MODES, targetSpec, type TargetRole } from './index.js';
import { TARGET_ROLES } from './spec.js';

/** The role a name stands for: itself when it is a role, else the main (first) role of the target of some mode it names. */
export function roleOfName(name: string): TargetRole | null {
  if ((TARGET_ROLES as readonly string[]).includes(name)) return name as TargetRole;
  for (const m of Object.values(MODES)) {
    const t = targetSpec(m.mode, name);
    if (t) return t.roles[0]!;
  }
  return null;
}

/** The targets of `mode` a name reaches: itself when it is one of them, else every target whose main role is the name's role. */
export function targetsForName(mode: DeploymentMode, name: string): string[] | null {
  if (targetSpec(mode, name)) return [name];
  const role = roleOfName(name);
  if (!role) return null;
  return MODES[mode].targets.filter((t) => t.roles[0] === role).map((t) => t.name);
}

/** Shares keyed by any names, spread onto `mode`'s targets (a target's own name wins over a role). */
export function mapShares(mode: DeploymentMode, shares: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  const own = new Set<string>();
  for (const [name, f] of Object.entries(shares)) {
    if (targetSpec(mode, name)) {
      out[name] = f;
      own.add(name);
    }
  }
  for (const [name, f] of Object.entries(shares)) {
    if (own.has(name)) continue;
    for (const t of targetsForName(mode, name) ?? []) if (!own.has(t)) out[t] = Math.max(out[t] ?? 0, f);
  }
  return out;
}

/** The scenario in another mode: shares mapped by role, overrides dropped (each mode sizes its own targets), the mode's replication and zones where it requires them. */
export function inMode(s: Scenario, mode: DeploymentMode): Scenario {
  const spec = MODES[mode];
  const from = MODES[s.deployment.mode];
  const rf = spec.requiredReplicationFactor ?? (from.requiredReplicationFactor !== null ? spec.defaults.replicationFactor : s.deployment.replicationFactor);
  const zones = spec.spreadsZones ? (from.spreadsZones ? s.deployment.zones : spec.defaults.zones) : 1;
  const spot = spec.spot ? mapShares(mode, s.compute.spot) : {};
  const committed = mapShares(mode, s.compute.committed);
  for (const k of Object.keys(committed)) committed[k] = Math.min(committed[k]!, 1 - (spot[k] ?? 0));
  // a single binary's one copy says nothing of a clustered mode's: derived there from Loki's cuts (null)
  const given = s.storage.storedCopies;
  const storedCopies = rf === 1 ? 1 : given === null || (given === 1 && s.deployment.replicationFactor === 1) ? null : Math.min(given, rf);
  return {
    ...s,
    deployment: { ...s.deployment, mode, replicationFactor: rf, zones, modeReason: null },
    storage: { ...s.storage, storedCopies },
    targets: {},
    compute: { ...s.compute, spot, committed },
  };
}
