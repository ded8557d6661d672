/**
 * The shape of a deployment mode: everything the planner, check, Helm values, reports and the
 * what-if page need to know about one mode, in one object per mode (src/model/modes/<mode>.ts),
 * collected in `MODES` (index.ts) as a Record<DeploymentMode, ModeSpec> so that a mode missing a
 * piece, or a new mode without a spec, fails to compile. Pure data and pure functions.
 */
import type { SizingProfile } from '../profiles.js';
import type { DeploymentMode, Scenario, SidePlan, TargetSizing, Warning, Workload } from '../types.js';

/**
 * Mode-neutral roles. A scenario may name a role instead of a target in `compute.spot`,
 * `compute.committed` and `targets`; it applies to every target of the mode that has the role
 * (the table in docs/design.md, "Mode-neutral names", is generated from these specs).
 */
export type TargetRole = 'write' | 'read' | 'backend' | 'gateway' | 'cache';
export const TARGET_ROLES: readonly TargetRole[] = ['write', 'read', 'backend', 'gateway', 'cache'];

/** How the chart takes a target's volume (grafana/loki chart values.yaml, per block). */
export type HelmPersistence =
  /** `<key>.persistence.size`, only when the plan gives a volume (write, backend) */
  | 'size'
  /** `<key>.persistence: { enabled, size }` (singleBinary, indexGateway, ruler) */
  | 'enabled-size'
  /**
   * `<key>.persistence: { enabled, claims: [{ name: data, accessModes, size }] }` (ingester, compactor:
   * both charts read these volumes from claims only; a claims list replaces the chart's default whole)
   */
  | 'claims'
  /** no volume block (Deployments: read, distributor, querier, ...) */
  | 'none';

export interface TargetSpec {
  /** lokiplan's target name (scenario `targets.<name>`, `compute.spot.<name>`) */
  name: string;
  /** the mode-neutral roles this target plays */
  roles: readonly TargetRole[];
  /** what a throughput check of this target compares its capacity with */
  carries: 'peak ingest' | 'average ingest' | 'peak queries' | null;
  helm: {
    /** the chart's value block (values.yaml top-level key) */
    key: string;
    /** the chart's `app.kubernetes.io/component` label, for zone spread; null when the chart sets none we spread on */
    componentLabel: string | null;
    persistence: HelmPersistence;
  };
}

export interface ModeSizing {
  targets: TargetSizing[];
  /** the "Size the cluster" tier used, when the mode sizes from tiers */
  tier?: string;
}

export interface ModeSpec {
  mode: DeploymentMode;
  /** one line: what the mode runs */
  summary: string;
  /** the public reference for the mode */
  source: string;
  /** every target the mode runs, in the order plans list them */
  targets: readonly TargetSpec[];
  /** the target whose replicas are the ingesters (write quorum, index uploads) */
  ingesterTarget: string;
  /** the targets a one-line summary (sweep CSV, what-if page) shows for the write and read paths */
  summaryTargets: { write: string; read: string };
  /** defaults when the scenario does not set them */
  defaults: { replicationFactor: number; zones: number; failureTolerance: number };
  /** the most replicas any target may run (monolithic: 1), or null */
  maxReplicas: number | null;
  /** a replication factor the mode requires (monolithic: 1), or null */
  requiredReplicationFactor: number | null;
  /** where chunks and the index live: the pod's volume or S3 */
  objectStore: 'filesystem' | 's3';
  /** pods spread over the scenario's zones (false: one node in one zone) */
  spreadsZones: boolean;
  /** the chart can run its ingesters zone-aware (one StatefulSet per zone) */
  zoneAwareIngesters: boolean;
  /** replicas can run on spot capacity */
  spot: boolean;
  /** sizes every target (src/model/sizing.ts holds the rules) */
  size(s: Scenario, w: Workload, profile: SizingProfile): ModeSizing;
  /** mode-specific warnings on a plan */
  warnings(s: Scenario): Warning[];
  /** what the mode's sizing rules assume, and where they depart from their reference on purpose (with both figures) */
  assumptions(s: Scenario, w: Workload, profile: SizingProfile): readonly { text: string; source: string }[];
  helm: {
    /** the chart's `deploymentMode` */
    deploymentMode: string;
    /** chart blocks this mode does not run, switched off with replicas: 0 */
    off: readonly string[];
    /** notes printed beside the values */
    notes(s: Scenario, p: SidePlan): string[];
  };
}

/**
 * Zones zone-aware ingesters run in: the Helm chart deploys exactly three zone StatefulSets
 * (ingester.zoneAwareReplication zoneA/B/C) of ceil(replicas/3) each, whatever the cluster's zones
 * (grafana-community/helm-charts charts/loki/templates/ingester/workload.yaml and _helpers.tpl
 * loki.ingester.replicaCount; grafana/loki production/helm/loki 6.x the same).
 */
export const CHART_INGESTER_ZONES = 3;

/**
 * Zone-aware replication fits as the Helm chart runs it: three ingester zones, so the cluster
 * needs at least three, and one replica of a stream per zone, so the replication factor is at
 * most three; and the scenario does not turn it off (network.zoneAwareReplication: false).
 */
export const zoneAwareFits = (s: Scenario): boolean =>
  s.network.zoneAwareReplication !== false && s.deployment.zones >= CHART_INGESTER_ZONES && s.deployment.replicationFactor <= CHART_INGESTER_ZONES;

/** What every clustered mode (pods spread over zones, chunks in S3, RF 3 by default) shares. */
export const CLUSTERED = {
  defaults: { replicationFactor: 3, zones: 3, failureTolerance: 1 },
  requiredReplicationFactor: null,
  maxReplicas: null,
  objectStore: 's3',
  spreadsZones: true,
  spot: true,
} as const satisfies Partial<ModeSpec>;

/** Targets several modes run as the chart deploys them. */
export const GATEWAY: TargetSpec = { name: 'gateway', roles: ['gateway'], carries: null, helm: { key: 'gateway', componentLabel: 'gateway', persistence: 'none' } };
/**
 * The memcached caches the chart deploys in every mode (grafana-community/helm-charts
 * charts/loki/templates/chunks-cache/statefulset.yaml@3386a115: only chunksCache.enabled, default
 * true in values.yaml L6489, decides), less the chunks cache when deployment.chunksCache is false.
 */
export const cachesOf = (s: Scenario): readonly ('chunks-cache' | 'results-cache')[] => (s.deployment.chunksCache ? ['chunks-cache', 'results-cache'] : ['results-cache']);
export const CACHES: readonly TargetSpec[] = [
  { name: 'chunks-cache', roles: ['cache'], carries: null, helm: { key: 'chunksCache', componentLabel: null, persistence: 'none' } },
  { name: 'results-cache', roles: ['cache'], carries: null, helm: { key: 'resultsCache', componentLabel: null, persistence: 'none' } },
];
