/**
 * The mode registry: one ModeSpec per deployment mode. Everything that differs between modes is
 * read from here (sizing, check, Helm values, plan, reports, what-if), so a new mode is one file
 * plus one line below, and the compiler names every piece it lacks.
 */
import type { SizingProfile } from '../profiles.js';
import type { DeploymentMode, Scenario, Topology, Workload } from '../types.js';
import { profileLabel } from '../profiles.js';
import { haMonolithic } from './ha-monolithic.js';
import { microservices } from './microservices.js';
import { monolithic } from './monolithic.js';
import { simpleScalable } from './simple-scalable.js';
import { TARGET_ROLES, zoneAwareFits, type ModeSpec, type TargetRole, type TargetSpec } from './spec.js';

export const MODES: Readonly<Record<DeploymentMode, ModeSpec>> = {
  'simple-scalable': simpleScalable,
  monolithic,
  'ha-monolithic': haMonolithic,
  microservices,
};

export type { ModeSpec, TargetRole, TargetSpec };
export { TARGET_ROLES };

export const modeOf = (mode: DeploymentMode): ModeSpec => MODES[mode];

/** Target names of a mode, in plan order. */
export const targetsOf = (mode: DeploymentMode): readonly string[] => MODES[mode].targets.map((t) => t.name);

/** The spec of one target of a mode, or undefined. */
export const targetSpec = (mode: DeploymentMode, name: string): TargetSpec | undefined => MODES[mode].targets.find((t) => t.name === name);

/** Does this target hold the mode's ingesters (write quorum)? */
export const isIngester = (mode: DeploymentMode, name: string): boolean => MODES[mode].ingesterTarget === name;

/** Ingester replicas of a topology (for index uploads and quorum checks). */
export function ingesterCount(topo: Topology): number {
  const name = MODES[topo.mode].ingesterTarget;
  for (const t of topo.targets) if (t.name === name) return t.replicas;
  return 0;
}

/** Zone-aware ingester replication: the mode's chart supports it and the zones fit the replication factor. */
export const zoneAwareOf = (s: Scenario): boolean => MODES[s.deployment.mode].zoneAwareIngesters && zoneAwareFits(s);

/** The targets of a mode that play a mode-neutral role. */
export const targetsWithRole = (mode: DeploymentMode, role: TargetRole): string[] =>
  MODES[mode].targets.filter((t) => t.roles.includes(role)).map((t) => t.name);

/** Sizes a scenario's targets by its mode's rules. */
export function size(s: Scenario, w: Workload, profile: SizingProfile): Topology {
  const spec = MODES[s.deployment.mode];
  const r = spec.size(s, w, profile);
  const topo: Topology = {
    mode: spec.mode,
    replicationFactor: s.deployment.replicationFactor,
    zones: s.deployment.zones,
    targets: r.targets,
    profileId: profileLabel(profile),
  };
  if (spec.zoneAwareIngesters) topo.zoneAware = zoneAwareOf(s);
  if (r.tier !== undefined) topo.tier = r.tier;
  return topo;
}
