/**
 * Values for the grafana/loki Helm chart (production/helm/loki/values.yaml, chart 6.x) that deploy
 * what a plan sized: mode, replicas, requests and limits, volumes, replication factor, the
 * limits_config the target needs, S3 storage and schema v13 with TSDB. Pure: returns a plain
 * object and the notes to print beside it; src/report/helm.ts writes the YAML.
 */
import { deployedLimits, plannedLimits } from './limits.js';
import { MODES, zoneAwareOf, type ModeSpec } from './modes/index.js';
import type { HelmPersistence } from './modes/spec.js';
import type { DeploymentMode, Resources, Scenario, SidePlan, TargetSizing } from './types.js';

export const HELM_SOURCE = 'grafana/loki Helm chart, production/helm/loki/values.yaml (chart 6.x keys)';

/** The chart's value block for each lokiplan target (from the mode registry). */
export const HELM_KEY: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(MODES).flatMap((m) => m.targets.map((t) => [t.name, t.helm.key])),
);

/** The chart's `deploymentMode` for each mode (from the mode registry). */
export const DEPLOYMENT_MODE_VALUE = Object.fromEntries(Object.values(MODES).map((m) => [m.mode, m.helm.deploymentMode])) as Readonly<Record<DeploymentMode, string>>;

/** Kubernetes CPU quantity: whole cores as "2", fractions in millicores ("500m"). */
export const cpuQuantity = (cpu: number): string => (Number.isInteger(cpu) ? String(cpu) : `${Math.round(cpu * 1000)}m`);
/** Kubernetes memory quantity: whole GiB as "6Gi", whole GB (10^9, the SSD calculator's unit) as "6G", else MiB ("9830Mi"). */
export function memoryQuantity(gib: number): string {
  if (Number.isInteger(gib)) return `${gib}Gi`;
  const gb = (gib * 2 ** 30) / 1e9;
  if (Math.abs(gb - Math.round(gb)) < 1e-9 && Math.round(gb) > 0) return `${Math.round(gb)}G`;
  return `${Math.ceil(gib * 1024 - 1e-9)}Mi`;
}

const resources = (req: Resources, lim: Resources) => ({
  requests: { cpu: cpuQuantity(req.cpu), memory: memoryQuantity(req.memoryGiB) },
  limits: { cpu: cpuQuantity(lim.cpu), memory: memoryQuantity(lim.memoryGiB) },
});

const zoneSpread = (label: string) => [
  {
    maxSkew: 1,
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'DoNotSchedule',
    labelSelector: { matchLabels: { 'app.kubernetes.io/component': label } },
  },
];

/** Options the plan does not decide (names of things in the user's account). */
export interface HelmOptions {
  chunksBucket: string;
  rulerBucket: string;
  /** the first day of the v13 TSDB schema period (YYYY-MM-DD) */
  schemaFrom: string;
}

export const DEFAULT_HELM_OPTIONS: HelmOptions = { chunksBucket: 'loki-chunks', rulerBucket: 'loki-ruler', schemaFrom: '2024-04-01' };

export interface HelmValues {
  values: Record<string, unknown>;
  notes: string[];
}

export function helmValues(s: Scenario, p: SidePlan, opts: HelmOptions = DEFAULT_HELM_OPTIONS): HelmValues {
  const mode = p.topology.mode;
  const spec = MODES[mode];
  const mono = spec.objectStore === 'filesystem';
  const zones = p.topology.zones;
  const notes: string[] = [];
  const values: Record<string, unknown> = { deploymentMode: DEPLOYMENT_MODE_VALUE[mode] };
  const limits = deployedLimits(s, p.workload);
  const needed = plannedLimits(s, p.workload);

  const objectStore = mono ? 'filesystem' : 's3';
  const loki: Record<string, unknown> = {
    commonConfig: { replication_factor: p.topology.replicationFactor },
    schemaConfig: {
      configs: [{ from: opts.schemaFrom, store: 'tsdb', object_store: objectStore, schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }],
    },
    storage: mono
      ? { type: 'filesystem' }
      : { type: 's3', bucketNames: { chunks: opts.chunksBucket, ruler: opts.rulerBucket }, s3: { region: s.region } },
    limits_config: {
      ingestion_rate_mb: limits.ingestionRateMB,
      ingestion_burst_size_mb: limits.ingestionBurstSizeMB,
      per_stream_rate_limit: `${limits.perStreamRateLimitBytes / 2 ** 20}MB`,
      max_global_streams_per_user: limits.maxGlobalStreamsPerUser,
      retention_period: `${Math.round(s.retentionDays * 24)}h`,
    },
    compactor: { retention_enabled: true, delete_request_store: objectStore },
  };
  values['loki'] = loki;
  if (limits.ingestionRateMB < needed.ingestionRateMB) {
    notes.push(`limits_config: ingestion_rate_mb ${limits.ingestionRateMB} (${s.limits.basis}) is below the ${needed.ingestionRateMB} the target needs; pushes above it are rejected`);
  }
  if (!mono) notes.push(`S3: set loki.storage.bucketNames to your buckets (here ${opts.chunksBucket} / ${opts.rulerBucket}) and give the pods access (IRSA: serviceAccount.annotations eks.amazonaws.com/role-arn)`);
  notes.push(`schema v13 with TSDB from ${opts.schemaFrom}: any past date for a new store; when migrating, the cut-over date (older periods stay as they are)`);

  // the chart's default targets for a mode it does not run are switched off explicitly
  for (const k of spec.helm.off) values[k] = { replicas: 0 };

  for (const t of p.topology.targets) {
    const key = spec.targets.find((x) => x.name === t.name)!.helm.key;
    values[key] = { ...(values[key] as object), ...targetValues(t, spec, zones, zoneAwareOf(s), s.region) };
    if (t.spotReplicas > 0) notes.push(`${t.name}: the plan runs ${t.spotReplicas} of ${t.replicas} replicas on spot; add ${key}.nodeSelector / tolerations for your spot node group`);
  }
  if (!p.topology.targets.some((t) => t.name === 'gateway')) values['gateway'] = { enabled: false };
  if (!p.topology.targets.some((t) => t.name === 'chunks-cache')) {
    values['chunksCache'] = { enabled: false };
    values['resultsCache'] = { enabled: false };
    notes.push(`${mode}: the plan has no memcached caches (the sizing rule for this mode does not size them), so they are disabled to match; enabling them adds a 9830Mi chunks-cache and a 1229Mi results-cache pod`);
  }
  notes.push(...spec.helm.notes(s, p));
  return { values, notes };
}

/** The chart's persistence block for each way a target takes its volume (undefined: no block). */
const PERSISTENCE: Record<HelmPersistence, (volumeGiB: number, size: string) => object | undefined> = {
  size: (gib, size) => (gib > 0 ? { size } : undefined),
  'enabled-size': (gib, size) => (gib > 0 ? { enabled: true, size } : { enabled: false }),
  claims: (gib, size) => (gib > 0 ? { enabled: true, claims: [{ name: 'data', size }] } : { enabled: false }),
  'enabled-size-claims': (gib, size) => (gib > 0 ? { enabled: true, size, claims: [{ name: 'data', size }] } : { enabled: false }),
  none: () => undefined,
};

function targetValues(t: TargetSizing, spec: ModeSpec, zones: number, zoneAware: boolean, region: string): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  const ts = spec.targets.find((x) => x.name === t.name)!;
  if (t.name === 'chunks-cache' || t.name === 'results-cache') {
    // the chart derives the memcached pod (request = limit = allocatedMemory x 1.2, 500m CPU) from allocatedMemory
    v['enabled'] = true;
    v['replicas'] = t.replicas;
    v['allocatedMemory'] = Math.round((t.requests.memoryGiB * 1024 * 10) / 12);
    return v;
  }
  if (t.name === 'gateway') v['enabled'] = true;
  if (t.name === 'ruler') v['enabled'] = true;
  v['replicas'] = t.replicas;
  v['resources'] = resources(t.requests, t.limits);
  const size = `${Math.ceil(t.volumeGiB)}Gi`;
  const persistence = PERSISTENCE[ts.helm.persistence](t.volumeGiB, size);
  if (persistence) v['persistence'] = persistence;
  if (spec.zoneAwareIngesters && t.name === spec.ingesterTarget) {
    v['zoneAwareReplication'] = zoneAware
      ? {
          enabled: true,
          zoneA: { nodeSelector: { 'topology.kubernetes.io/zone': `${region}a` } },
          zoneB: { nodeSelector: { 'topology.kubernetes.io/zone': `${region}b` } },
          zoneC: { nodeSelector: { 'topology.kubernetes.io/zone': `${region}c` } },
        }
      : { enabled: false };
  } else if (zones > 1 && spec.spreadsZones && ts.helm.componentLabel) {
    v['topologySpreadConstraints'] = zoneSpread(ts.helm.componentLabel);
  }
  return v;
}
