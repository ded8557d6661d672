/**
 * Values for the Loki Helm chart that deploy what a plan sized: mode, replicas, requests and
 * limits, volumes, disruption budgets, zone spread, replication factor, the limits_config the
 * target needs, S3 storage and schema v13 with TSDB. Written for one chart line of
 * src/model/helm-charts.ts (the community chart by default, grafana/loki 6.x on request) and checked
 * against that chart's rules before they are returned. Pure: returns a plain object and the notes to
 * print beside it; src/report/helm.ts writes the YAML.
 */
import { fmtNum } from './format.js';
import { brokenRules, CHARTS, fmtVersion, type ChartSpec, type ResolvedChart } from './helm-charts.js';
import { deployedLimits, plannedLimits } from './limits.js';
import { isIngester, MODES, zoneAwareOf, type ModeSpec } from './modes/index.js';
import { CHART_INGESTER_ZONES, type HelmPersistence } from './modes/spec.js';
import type { DeploymentMode, Resources, Scenario, SidePlan, TargetSizing } from './types.js';

/** Where the keys come from, for the header: the chart, its version and the commit lokiplan checked. */
export const helmSource = (c: ResolvedChart): string =>
  `${c.spec.source.repository} ${c.spec.source.path}/values.yaml, chart ${fmtVersion(c.version)} (checked against ${fmtVersion(c.spec.source.version)}, ${c.spec.source.tag} @ ${c.spec.source.commit.slice(0, 12)})`;

/** The chart's value block for each lokiplan target (from the mode registry). */
export const HELM_KEY: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(MODES).flatMap((m) => m.targets.map((t) => [t.name, t.helm.key])),
);

/** The chart's `deploymentMode` for a mode: the mode registry's (6.x) name, as the chart line names it. */
export const deploymentModeValue = (c: ChartSpec, mode: DeploymentMode): string => {
  const name = MODES[mode].helm.deploymentMode;
  return c.renamedModes[name] ?? name;
};

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

/**
 * A zone spread constraint selecting the target's pods by the chart's own selector labels (as its
 * values.yaml podAntiAffinity defaults do: component, name and instance); both charts pass
 * topologySpreadConstraints through `tpl`, so the release's name and instance are filled in.
 */
const zoneSpread = (label: string) => [
  {
    maxSkew: 1,
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'DoNotSchedule',
    labelSelector: {
      matchLabels: {
        'app.kubernetes.io/component': label,
        'app.kubernetes.io/name': '{{ include "loki.name" . }}',
        'app.kubernetes.io/instance': '{{ .Release.Name }}',
      },
    },
  },
];

/** A volume claim as the chart's claims list wants it: a list item replaces the chart's whole default, so it carries accessModes. */
const dataClaim = (size: string) => [{ name: 'data', accessModes: ['ReadWriteOnce'], size }];

/** Options the plan does not decide (names of things in the user's account). */
export interface HelmOptions {
  chunksBucket: string;
  rulerBucket: string;
  /** the first day of the v13 TSDB schema period (YYYY-MM-DD) */
  schemaFrom: string;
  /** the chart line and version to write keys for */
  chart: ResolvedChart;
  /** the IAM role for the service account (IRSA), e.g. `lokiplan terraform`'s role_arn output */
  roleArn?: string;
}

export const DEFAULT_HELM_OPTIONS: HelmOptions = {
  chunksBucket: 'loki-chunks',
  rulerBucket: 'loki-ruler',
  schemaFrom: '2024-04-01',
  chart: { spec: CHARTS.community, version: CHARTS.community.source.version, pinned: true },
};

export interface HelmValues {
  values: Record<string, unknown>;
  notes: string[];
  chart: ResolvedChart;
  /**
   * The S3 lifecycle the plan priced, one rule a line, for the chunks bucket (empty without S3):
   * neither Loki nor the chart sets a bucket's lifecycle, so the user applies it
   */
  lifecycle: { bucket: string; rules: string[] };
}

/** The chart's rules the values would break: a bug in lokiplan, never the user's input. */
export class HelmRuleError extends Error {
  override name = 'HelmRuleError';
}

/**
 * The most replicas of a target a voluntary disruption (node drain, upgrade) may take at once:
 * the failure tolerance the plan was checked for, at least 1 (0 would block every drain) and never
 * all replicas; ingesters also keep the write quorum (RF - floor(RF/2) - 1 may go).
 */
export function maxUnavailableOf(t: TargetSizing, s: Scenario, rf: number): number {
  let m = Math.min(s.deployment.failureTolerance, t.replicas - 1);
  if (isIngester(s.deployment.mode, t.name)) m = Math.min(m, rf - (Math.floor(rf / 2) + 1));
  return Math.max(1, m);
}

export function helmValues(s: Scenario, p: SidePlan, opts: HelmOptions = DEFAULT_HELM_OPTIONS): HelmValues {
  const mode = p.topology.mode;
  const spec = MODES[mode];
  const mono = spec.objectStore === 'filesystem';
  const zones = p.topology.zones;
  const chart = opts.chart.spec;
  const zoneAware = zoneAwareOf(s);
  const notes: string[] = [];
  const values: Record<string, unknown> = { deploymentMode: deploymentModeValue(chart, mode) };
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
  if (!mono) {
    notes.push(
      `S3: set loki.storage.bucketNames to your buckets (here ${opts.chunksBucket} / ${opts.rulerBucket}) and give the pods access (${opts.roleArn ? `IRSA role ${opts.roleArn}` : 'IRSA: --role-arn sets serviceAccount.annotations eks.amazonaws.com/role-arn'}); lokiplan terraform writes the buckets, their lifecycle and the role`,
    );
  }
  // the chart's service account annotations (both charts: serviceAccount.annotations, values.yaml)
  if (opts.roleArn && !mono) values['serviceAccount'] = { annotations: { 'eks.amazonaws.com/role-arn': opts.roleArn } };
  else if (opts.roleArn) notes.push(`--role-arn left out: ${mode} keeps its chunks on its volume and calls no AWS API`);
  notes.push(`schema v13 with TSDB from ${opts.schemaFrom}: any past date for a new store; when migrating, the cut-over date (older periods stay as they are)`);
  if (!opts.chart.pinned && (opts.chart.version.major !== chart.source.version.major || opts.chart.version.minor !== chart.source.version.minor || opts.chart.version.patch !== chart.source.version.patch)) {
    notes.push(`chart ${fmtVersion(opts.chart.version)}: lokiplan checked these keys against ${chart.chart} ${fmtVersion(chart.source.version)}; run helm template before installing`);
  }

  // the chart's default targets for a mode it does not run are switched off explicitly
  for (const k of spec.helm.off) values[k] = { replicas: 0 };

  const budgets: string[] = [];
  for (const t of p.topology.targets) {
    const key = spec.targets.find((x) => x.name === t.name)!.helm.key;
    const block = { ...(values[key] as object), ...targetValues(t, spec, zones, zoneAware, s.region) };
    const pdb = chart.blocks[key]?.pdb;
    if (pdb && t.replicas > 1) {
      const m = maxUnavailableOf(t, s, p.topology.replicationFactor);
      if (pdb === 'maxUnavailable') block['maxUnavailable'] = m;
      else block['podDisruptionBudget'] = { maxUnavailable: m };
      budgets.push(`${key} ${m}`);
    }
    values[key] = block;
    if (t.spotReplicas > 0) notes.push(`${t.name}: the plan runs ${t.spotReplicas} of ${t.replicas} replicas on spot; add ${key}.nodeSelector / tolerations for your spot node group`);
  }
  if (budgets.length) notes.push(`PodDisruptionBudgets: maxUnavailable ${budgets.join(', ')} (the failure tolerance the plan is checked for, at least 1; ingesters keep the write quorum)`);
  if (!p.topology.targets.some((t) => t.name === 'gateway')) values['gateway'] = { enabled: false };
  const caches = ['chunks-cache', 'results-cache'].filter((n) => p.topology.targets.some((t) => t.name === n));
  if (!caches.includes('chunks-cache')) values['chunksCache'] = { enabled: false };
  if (!caches.includes('results-cache')) values['resultsCache'] = { enabled: false };
  if (caches.length === 0) {
    notes.push(`${mode}: the plan has no memcached caches (the sizing rule for this mode does not size them), so they are disabled to match; enabling them adds a 9830Mi chunks-cache and a 1229Mi results-cache pod`);
  } else if (!caches.includes('chunks-cache')) {
    notes.push('chunksCache disabled (deployment.chunksCache: false): every ingester replica uploads its own copy of each chunk (PUTs and stored copies x RF) and queries read chunks from S3');
  }
  notes.push('the chart also runs the loki-canary DaemonSet (no resource requests by default; part of the daemonset overhead per node); lokiCanary.enabled: false with test.enabled: false removes it');
  notes.push(...spec.helm.notes(s, p));
  if (spec.zoneAwareIngesters && zoneAware) {
    const ing = p.topology.targets.find((t) => t.name === spec.ingesterTarget);
    if (ing) notes.push(`${spec.ingesterTarget}: ${ing.replicas} zone-aware ingesters as three zone StatefulSets of ${ing.replicas / CHART_INGESTER_ZONES}${zones > CHART_INGESTER_ZONES ? ` (the chart runs three ingester zones; the plan places ingesters in 3 of its ${zones} zones)` : ''}`);
  } else if (spec.zoneAwareIngesters && zones > 1) {
    notes.push(`${spec.ingesterTarget}: not zone-aware (it needs at least ${CHART_INGESTER_ZONES} zones and replication factor at most ${CHART_INGESTER_ZONES}: the chart runs three ingester zones); ingesters spread over the zones instead`);
  }
  const broken = brokenRules(chart, values);
  if (broken.length) throw new HelmRuleError(`helm-values for ${chart.chart}: ${broken.map((r) => `${r.id} (${r.cite}): ${r.message}`).join('; ')}`);
  return { values, notes, chart: opts.chart, lifecycle: { bucket: opts.chunksBucket, rules: mono ? [] : pricedLifecycle(s, p) } };
}

/**
 * The bucket lifecycle the plan's S3 lines assume, as rules to apply (S3 lifecycle configuration:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html): each
 * transition with the age it applies at, one the objects never reach said so, and the expiration
 * (or, without one, Loki's compactor retention, which deletes the chunks itself).
 */
export function pricedLifecycle(s: Scenario, p: SidePlan): string[] {
  const life = p.storage.lifeDays;
  const day = (n: number) => `${fmtNum(n)} day${n === 1 ? '' : 's'}`;
  const out: string[] = [];
  let del = false;
  for (const r of s.storage.lifecycle) {
    if ('action' in r) {
      del = true;
      const when = s.retentionDays < r.afterDays ? ` (Loki's retention deletes them at ${day(s.retentionDays)} first)` : s.retentionDays > r.afterDays ? ` (before Loki's ${day(s.retentionDays)} retention: older data is gone)` : '';
      out.push(`expire (delete) objects after ${day(r.afterDays)}${when}`);
    } else if (r.afterDays === 0 && r.class === 'STANDARD') out.push('objects are written to STANDARD (no rule needed)');
    else if (r.afterDays >= life) out.push(`transition to ${r.class} after ${day(r.afterDays)}: never reached, objects are deleted at ${day(life)} (not priced; leave it out)`);
    else out.push(`transition to ${r.class} after ${day(r.afterDays)}`);
  }
  if (!out.length) out.push('objects stay in STANDARD (no transition)');
  if (!del) out.push(`no expiration rule: Loki's compactor deletes chunks at ${day(s.retentionDays)} (compactor.retention_enabled)`);
  return out;
}

/** The chart's persistence block for each way a target takes its volume (undefined: no block). */
const PERSISTENCE: Record<HelmPersistence, (volumeGiB: number, size: string) => object | undefined> = {
  size: (gib, size) => (gib > 0 ? { size } : undefined),
  'enabled-size': (gib, size) => (gib > 0 ? { enabled: true, size } : { enabled: false }),
  claims: (gib, size) => (gib > 0 ? { enabled: true, claims: dataClaim(size) } : { enabled: false }),
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
  const persistence = PERSISTENCE[ts.helm.persistence](t.volumeGiB, `${Math.ceil(t.volumeGiB)}Gi`);
  if (persistence) v['persistence'] = persistence;
  const ingester = spec.zoneAwareIngesters && t.name === spec.ingesterTarget;
  if (ingester) {
    v['zoneAwareReplication'] = zoneAware
      ? {
          enabled: true,
          zoneA: { nodeSelector: { 'topology.kubernetes.io/zone': `${region}a` } },
          zoneB: { nodeSelector: { 'topology.kubernetes.io/zone': `${region}b` } },
          zoneC: { nodeSelector: { 'topology.kubernetes.io/zone': `${region}c` } },
        }
      : { enabled: false };
  }
  // a spread constraint only where it spreads something: several replicas over several zones
  // (zone-aware ingesters are placed by their zone StatefulSets instead)
  const label = ingester && zoneAware ? null : ts.helm.componentLabel;
  if (zones > 1 && t.replicas > 1 && spec.spreadsZones && label) v['topologySpreadConstraints'] = zoneSpread(label);
  return v;
}
