/**
 * The Loki Helm charts lokiplan writes values for, and the rules of theirs our values could break:
 * one entry per chart line (the community chart, where the OSS chart lives now, and grafana/loki's
 * last OSS line, 6.x). Every rule cites the template line it mirrors, at the commit it was read at;
 * test/helm-chart.test.ts checks these tables against the real chart files when they are present
 * and renders the values with `helm template`. Pure data and pure functions.
 */

/** A chart version: major.minor.patch. */
export interface ChartVersion {
  major: number;
  minor: number;
  patch: number;
}

export const fmtVersion = (v: ChartVersion): string => `${v.major}.${v.minor}.${v.patch}`;
const cmp = (a: ChartVersion, b: ChartVersion): number => a.major - b.major || a.minor - b.minor || a.patch - b.patch;

/** How a chart block takes the most replicas a voluntary disruption may take down. */
type PdbKey = 'maxUnavailable' | 'podDisruptionBudget.maxUnavailable';

/** What lokiplan needs to know of one chart block (a top-level key of values.yaml). */
export interface ChartBlock {
  /** the workload kind the chart deploys the block as */
  kind: 'Deployment' | 'StatefulSet';
  /** replicas in the chart's values.yaml (the rules read it when our values leave the block alone) */
  defaultReplicas: number;
  /** where a PodDisruptionBudget's maxUnavailable goes, or null when the block has no PDB we can set */
  pdb: PdbKey | null;
  /** the chart's PDB template calls `fail` when replicas > 1 and maxUnavailable is unset */
  pdbFails?: string;
  /** the chart's own maxUnavailable in values.yaml, when it sets one */
  maxUnavailableDefault?: number;
}

/** A rule of the chart that values can break: a `fail` call, or a template that deploys other than what the values say. */
export interface ChartRule {
  id: string;
  /** `fail`: the chart refuses to render; `deploys`: it renders, but not what was priced */
  kind: 'fail' | 'deploys';
  /** the template line the rule mirrors (repository path@commit#Lline) */
  cite: string;
  /** the chart's own message for a `fail` rule; lokiplan's for a `deploys` rule */
  message: string;
  broken(v: Values): boolean;
}

export type Values = Record<string, unknown>;

export interface ChartSpec {
  id: 'community' | 'grafana';
  /** `helm repo add NAME URL` */
  repo: { name: string; url: string };
  /** the chart reference in the install line */
  chart: string;
  /** where the chart's source lives and the version lokiplan's values were checked against */
  source: { repository: string; path: string; tag: string; commit: string; version: ChartVersion };
  /** versions lokiplan writes values for; outside it says why not */
  range: { from: ChartVersion; to: ChartVersion | null; why: string };
  /** the chart's names for the mode registry's `deploymentMode` values (src/model/modes), where they differ */
  renamedModes: Readonly<Record<string, string>>;
  /** every deploymentMode the chart's helpers recognise (templates/_helpers.tpl loki.deployment.is*) */
  knownModes: readonly string[];
  blocks: Readonly<Record<string, ChartBlock>>;
  /** the value type the chart reads at each key lokiplan writes that its values.yaml does not define */
  undeclaredKeys: Readonly<Record<string, string>>;
  rules: readonly ChartRule[];
}

// ---- reading values ----

export function getIn(v: unknown, path: string): unknown {
  let x: unknown = v;
  for (const k of path.split('.')) {
    if (x === null || typeof x !== 'object' || Array.isArray(x)) return undefined;
    x = (x as Record<string, unknown>)[k];
  }
  return x;
}

/** Helm's `int`: numbers truncate, anything else is 0. */
const int = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? Math.trunc(x) : 0);
/** Go template truthiness (`if`, `and`, `or`, `not`). */
const truthy = (x: unknown): boolean =>
  !(x === undefined || x === null || x === false || x === 0 || x === '' || (Array.isArray(x) && x.length === 0) || (typeof x === 'object' && Object.keys(x as object).length === 0));

const replicasOf = (c: ChartSpec, v: Values, key: string): number => {
  const r = getIn(v, `${key}.replicas`);
  return r === undefined ? (c.blocks[key]?.defaultReplicas ?? 0) : int(r);
};

const SCALABLE = ['backend', 'read', 'write'] as const;
const DISTRIBUTED = ['ingester', 'distributor', 'querier', 'queryFrontend', 'queryScheduler', 'indexGateway', 'compactor', 'ruler'] as const;

const objectStorage = (v: Values): boolean => ['s3', 'gcs', 'azure', 'swift', 'alibabacloud', 'cos', 'bos'].includes(String(getIn(v, 'loki.storage.type') ?? 's3'));
const isDistributed = (v: Values): boolean => objectStorage(v) && ['Distributed', 'SimpleScalable<->Distributed'].includes(String(getIn(v, 'deploymentMode')));

// ---- the two charts ----

const COMMUNITY_COMMIT = '3386a1156177c6bcd7fdb1ad4c6b1dda094296e0';
const GRAFANA_COMMIT = 'e22a9bed508b1fdda24aa7ecb5d16e618770d97b';
const citeC = (file: string, line: number) => `grafana-community/helm-charts charts/loki/${file}@${COMMUNITY_COMMIT}#L${line}`;
const citeG = (file: string, line: number) => `grafana/loki production/helm/loki/${file}@${GRAFANA_COMMIT}#L${line}`;

/** Rules of templates/validate.yaml, the same in both charts but for the single binary's name and line numbers. */
function validateRules(cite: (line: number) => string, c: () => ChartSpec, lines: Record<string, number>, monolithicWord: string, transitional: readonly string[]): ChartRule[] {
  const sb = (v: Values) => replicasOf(c(), v, 'singleBinary');
  const scalable = (v: Values) => SCALABLE.some((k) => replicasOf(c(), v, k) > 0);
  const distributed = (v: Values) => DISTRIBUTED.some((k) => replicasOf(c(), v, k) > 0);
  const fs = (v: Values) => !objectStorage(v);
  const schema = (v: Values) => truthy(getIn(v, 'loki.schemaConfig')) || truthy(getIn(v, 'loki.structuredConfig.schema_config'));
  return [
    { id: 'top-level-config', kind: 'fail', cite: cite(lines['config']!), message: "Top level 'config' is not allowed.", broken: (v) => truthy(v['config']) },
    {
      id: 'test-needs-canary',
      kind: 'fail',
      cite: cite(lines['canary']!),
      message: 'Helm test requires the Loki Canary to be enabled',
      broken: (v) => getIn(v, 'lokiCanary.enabled') === false && getIn(v, 'test.enabled') !== false,
    },
    {
      id: 'filesystem-one-monolithic',
      kind: 'fail',
      cite: cite(lines['fsMono']!),
      message: `Cannot run more than 1 ${monolithicWord} replica without an object storage backend.`,
      broken: (v) => fs(v) && sb(v) > 1,
    },
    {
      id: 'filesystem-no-scalable',
      kind: 'fail',
      cite: cite(lines['fsScalable']!),
      message: 'Cannot run scalable targets (backend, read, write) or distributed targets without an object storage backend.',
      broken: (v) => fs(v) && sb(v) === 0 && (scalable(v) || distributed(v)),
    },
    {
      id: 'scalable-and-distributed',
      kind: 'fail',
      cite: cite(lines['ssdDist']!),
      message: 'You have more than zero replicas configured for scalable targets (backend, read, write) and distributed targets.',
      broken: (v) => scalable(v) && distributed(v) && getIn(v, 'deploymentMode') !== 'SimpleScalable<->Distributed',
    },
    {
      id: 'monolithic-and-distributed',
      kind: 'fail',
      cite: cite(lines['monoDist']!),
      message: `You have more than zero replicas configured for both the ${monolithicWord.toLowerCase()} and distributed targets.`,
      broken: (v) => sb(v) > 0 && distributed(v),
    },
    {
      id: 'monolithic-and-scalable',
      kind: 'fail',
      cite: cite(lines['monoSsd']!),
      message: `You have more than zero replicas configured for both the ${monolithicWord.toLowerCase()} and simple scalable targets.`,
      broken: (v) => sb(v) > 0 && scalable(v) && !transitional.includes(String(getIn(v, 'deploymentMode'))),
    },
    {
      id: 'test-schema-with-schema',
      kind: 'fail',
      cite: cite(lines['testSchema']!),
      message: 'loki.useTestSchema must be false if loki.schemaConfig or loki.structuredConfig.schema_config are defined.',
      broken: (v) => schema(v) && truthy(getIn(v, 'loki.useTestSchema')),
    },
    {
      id: 'schema-required',
      kind: 'fail',
      cite: cite(lines['noSchema']!),
      message: 'You must provide a schema_config for Loki',
      broken: (v) => !schema(v) && !truthy(getIn(v, 'loki.useTestSchema')),
    },
  ];
}

/** Rules of lokiplan's own that both charts share: the chart renders, but deploys other than the plan. */
function deployRules(c: () => ChartSpec, cite: { zones: string; claims: (key: string) => string; modes: string }): ChartRule[] {
  const rules: ChartRule[] = [
    {
      id: 'deployment-mode-known',
      kind: 'deploys',
      cite: cite.modes,
      message: 'deploymentMode must be one the chart recognises, or it deploys no Loki workload',
      broken: (v) => !c().knownModes.includes(String(getIn(v, 'deploymentMode'))),
    },
    {
      id: 'zone-aware-ingesters-multiple-of-3',
      kind: 'deploys',
      cite: cite.zones,
      message: 'zone-aware ingesters: the chart runs zone-a, zone-b and zone-c StatefulSets of ceil(replicas/3) each, so replicas must be a multiple of 3 to deploy what was priced',
      broken: (v) => isDistributed(v) && getIn(v, 'ingester.zoneAwareReplication.enabled') === true && int(getIn(v, 'ingester.replicas')) % 3 !== 0,
    },
  ];
  for (const key of ['ingester', 'compactor']) {
    rules.push({
      id: `${key}-claims-access-modes`,
      kind: 'deploys',
      cite: cite.claims(key),
      message: `${key}.persistence.claims replaces the chart's list: each claim needs accessModes, or the PersistentVolumeClaim renders with accessModes: null and the API server rejects it`,
      broken: (v) => {
        const claims = getIn(v, `${key}.persistence.claims`);
        return Array.isArray(claims) && claims.some((x) => !Array.isArray(getIn(x, 'accessModes')) || (getIn(x, 'accessModes') as unknown[]).length === 0);
      },
    });
  }
  return rules;
}

/** A multi-replica block with a PDB we can set gets one, whatever the chart does without it. */
function pdbRules(c: () => ChartSpec, blocks: Readonly<Record<string, ChartBlock>>, cite: string, fails: boolean): ChartRule[] {
  const out: ChartRule[] = [];
  for (const [key, b] of Object.entries(blocks)) {
    if (!b.pdb) continue;
    const failing = fails && b.pdbFails !== undefined;
    out.push({
      id: `${key}-max-unavailable`,
      kind: failing ? 'fail' : 'deploys',
      cite: failing ? b.pdbFails! : cite,
      message: failing
        ? `\`.Values.${key}.maxUnavailable\` must be set when \`.Values.${key}.replicas\` is greater than 1.`
        : `${key} runs more than 1 replica: without ${key}.${b.pdb} the chart renders no PodDisruptionBudget and a node drain may stop every replica at once`,
      broken: (v) => {
        if (replicasOf(c(), v, key) <= 1) return false;
        if (getIn(v, `${key}.enabled`) === false) return false;
        if (failing && !isDistributed(v)) return false; // the 6.x PDB templates render only in Distributed mode
        const m = getIn(v, `${key}.${b.pdb}`);
        // Helm drops a null value, so the chart's default (if any) stands only for a key left unset
        return m === null || (m === undefined && (!failing || b.maxUnavailableDefault === undefined));
      },
    });
  }
  return out;
}

// grafana-community/helm-charts charts/loki values.yaml@3386a115 (18.11.0): kind and replicas per block;
// PDBs through templates/_pdb.tpl, which renders one only when maxUnavailable or a podDisruptionBudget key is set
const COMMUNITY_BLOCKS: Record<string, ChartBlock> = {
  singleBinary: { kind: 'StatefulSet', defaultReplicas: 0, pdb: 'podDisruptionBudget.maxUnavailable' },
  write: { kind: 'StatefulSet', defaultReplicas: 3, pdb: 'maxUnavailable', maxUnavailableDefault: 1 },
  read: { kind: 'Deployment', defaultReplicas: 3, pdb: 'maxUnavailable', maxUnavailableDefault: 1 },
  backend: { kind: 'StatefulSet', defaultReplicas: 3, pdb: 'maxUnavailable', maxUnavailableDefault: 1 },
  ingester: { kind: 'StatefulSet', defaultReplicas: 0, pdb: 'maxUnavailable', maxUnavailableDefault: 1 },
  distributor: { kind: 'Deployment', defaultReplicas: 0, pdb: 'maxUnavailable' },
  querier: { kind: 'Deployment', defaultReplicas: 0, pdb: 'maxUnavailable' },
  queryFrontend: { kind: 'Deployment', defaultReplicas: 0, pdb: 'maxUnavailable' },
  queryScheduler: { kind: 'Deployment', defaultReplicas: 0, pdb: 'maxUnavailable', maxUnavailableDefault: 1 },
  indexGateway: { kind: 'StatefulSet', defaultReplicas: 0, pdb: 'maxUnavailable' },
  compactor: { kind: 'StatefulSet', defaultReplicas: 0, pdb: null },
  ruler: { kind: 'StatefulSet', defaultReplicas: 0, pdb: 'maxUnavailable' },
  gateway: { kind: 'Deployment', defaultReplicas: 1, pdb: 'podDisruptionBudget.maxUnavailable' },
  chunksCache: { kind: 'StatefulSet', defaultReplicas: 1, pdb: 'maxUnavailable', maxUnavailableDefault: 1 },
  resultsCache: { kind: 'StatefulSet', defaultReplicas: 1, pdb: 'maxUnavailable', maxUnavailableDefault: 1 },
};

// grafana/loki production/helm/loki values.yaml@e22a9bed (6.55.0); PDB templates per block
// (templates/<target>/poddisruptionbudget-<target>.yaml), six of which `fail` on line 4 without maxUnavailable
const gPdb = (dir: string) => citeG(`templates/${dir}/poddisruptionbudget-${dir}.yaml`, 4);
const GRAFANA_BLOCKS: Record<string, ChartBlock> = {
  singleBinary: { kind: 'StatefulSet', defaultReplicas: 0, pdb: null },
  write: { kind: 'StatefulSet', defaultReplicas: 3, pdb: 'maxUnavailable', maxUnavailableDefault: 1 },
  read: { kind: 'Deployment', defaultReplicas: 3, pdb: 'maxUnavailable', maxUnavailableDefault: 1 },
  backend: { kind: 'StatefulSet', defaultReplicas: 3, pdb: 'maxUnavailable', maxUnavailableDefault: 1 },
  ingester: { kind: 'StatefulSet', defaultReplicas: 0, pdb: 'maxUnavailable', pdbFails: gPdb('ingester'), maxUnavailableDefault: 1 },
  distributor: { kind: 'Deployment', defaultReplicas: 0, pdb: 'maxUnavailable', pdbFails: gPdb('distributor') },
  querier: { kind: 'Deployment', defaultReplicas: 0, pdb: 'maxUnavailable', pdbFails: gPdb('querier') },
  queryFrontend: { kind: 'Deployment', defaultReplicas: 0, pdb: 'maxUnavailable', pdbFails: gPdb('query-frontend') },
  queryScheduler: { kind: 'Deployment', defaultReplicas: 0, pdb: 'maxUnavailable', pdbFails: gPdb('query-scheduler'), maxUnavailableDefault: 1 },
  indexGateway: { kind: 'StatefulSet', defaultReplicas: 0, pdb: 'maxUnavailable', pdbFails: gPdb('index-gateway') },
  compactor: { kind: 'StatefulSet', defaultReplicas: 0, pdb: null },
  ruler: { kind: 'StatefulSet', defaultReplicas: 0, pdb: 'maxUnavailable', pdbFails: gPdb('ruler') },
  // templates/gateway/poddisruptionbudget-gateway.yaml#L17 writes maxUnavailable: 1 itself
  gateway: { kind: 'Deployment', defaultReplicas: 1, pdb: null },
  chunksCache: { kind: 'StatefulSet', defaultReplicas: 1, pdb: 'maxUnavailable', maxUnavailableDefault: 1 },
  resultsCache: { kind: 'StatefulSet', defaultReplicas: 1, pdb: 'maxUnavailable', maxUnavailableDefault: 1 },
};

// forward references for the rule closures (the specs are built below)
let communitySpec: ChartSpec;
let grafanaSpec: ChartSpec;
const COMMUNITY_REF = (): ChartSpec => communitySpec;
const GRAFANA_REF = (): ChartSpec => grafanaSpec;


communitySpec = {
  id: 'community',
  repo: { name: 'grafana-community', url: 'https://grafana-community.github.io/helm-charts' },
  chart: 'grafana-community/loki',
  source: { repository: 'grafana-community/helm-charts', path: 'charts/loki', tag: 'loki-18.11.0', commit: COMMUNITY_COMMIT, version: { major: 18, minor: 11, patch: 0 } },
  range: { from: { major: 12, minor: 0, patch: 0 }, to: null, why: 'the community chart names the single binary `Monolithic` from 12.0.0 (values.yaml deploymentMode); 7.x-11.x are not checked' },
  // values.yaml#L60-70: "Monolithic (deprecated: SingleBinary)"
  renamedModes: { SingleBinary: 'Monolithic' },
  knownModes: ['Monolithic', 'SingleBinary', 'SimpleScalable', 'Distributed', 'Monolithic<->SimpleScalable', 'SingleBinary<->SimpleScalable', 'SimpleScalable<->Distributed'],
  blocks: COMMUNITY_BLOCKS,
  // templates/_pod.tpl#L36 reads every component's topologySpreadConstraints, compactor's too;
  // templates/_helpers.tpl#L228 reads loki.storage.bucketNames (commented out in values.yaml#L629)
  undeclaredKeys: { 'compactor.topologySpreadConstraints': 'array', 'loki.storage.bucketNames': 'object' },
  rules: [
    ...validateRules((l) => citeC('templates/validate.yaml', l), COMMUNITY_REF, { config: 2, canary: 6, fsMono: 19, fsScalable: 23, ssdDist: 27, monoDist: 31, monoSsd: 35, testSchema: 54, noSchema: 59 }, 'Monolithic', ['Monolithic<->SimpleScalable', 'SingleBinary<->SimpleScalable']),
    {
      id: 'minio-deprecated',
      kind: 'fail',
      cite: citeC('templates/validate.yaml', 10),
      message: 'The Loki chart builtin MinIO dependency is deprecated',
      broken: (v) => getIn(v, 'minio.enabled') === true && getIn(v, 'ignoreMinioDeprecation') !== true,
    },
    // every block but the gateway (templates/gateway/deployment.yaml, not the generic workload) and the memcached caches
    ...Object.entries(COMMUNITY_BLOCKS)
      .filter(([key, b]) => b.kind === 'Deployment' && key !== 'gateway')
      .map(
        ([key]): ChartRule => ({
          id: `${key}-no-pvc-on-deployment`,
          kind: 'fail',
          cite: citeC('templates/_workload.tpl', 88),
          message: 'Persistence with PVC is not supported for Deployment with more than 1 replica.',
          broken: (v) => replicasOf(communitySpec, v, key) > 1 && (getIn(v, `${key}.persistence.enabled`) === true || getIn(v, `${key}.persistence.volumeClaimsEnabled`) === true),
        }),
      ),
    ...pdbRules(COMMUNITY_REF, COMMUNITY_BLOCKS, citeC('templates/_pdb.tpl', 29), false),
    ...deployRules(COMMUNITY_REF, {
      zones: citeC('templates/ingester/_helpers.tpl', 5),
      claims: () => citeC('templates/_workload.tpl', 112),
      modes: citeC('templates/_helpers.tpl', 99),
    }),
  ],
};

grafanaSpec = {
  id: 'grafana',
  repo: { name: 'grafana', url: 'https://grafana.github.io/helm-charts' },
  chart: 'grafana/loki',
  source: { repository: 'grafana/loki', path: 'production/helm/loki', tag: 'helm-loki-6.55.0', commit: GRAFANA_COMMIT, version: { major: 6, minor: 55, patch: 0 } },
  range: {
    from: { major: 6, minor: 39, patch: 0 },
    to: { major: 6, minor: 55, patch: 0 },
    why: 'before 6.39.0 the chart reads compactor.topologySpreadConstraints differently (a string passed to tpl before 6.23.0, a list not passed through tpl from 6.23.0), and 6.55.0 is its last OSS release',
  },
  renamedModes: {},
  knownModes: ['SingleBinary', 'SimpleScalable', 'Distributed', 'SingleBinary<->SimpleScalable', 'SimpleScalable<->Distributed'],
  blocks: GRAFANA_BLOCKS,
  // templates/compactor/statefulset-compactor.yaml#L49 reads compactor.topologySpreadConstraints, which values.yaml
  // does not define; templates/_helpers.tpl reads loki.storage.bucketNames (commented out in values.yaml#L434)
  undeclaredKeys: { 'compactor.topologySpreadConstraints': 'array', 'loki.storage.bucketNames': 'object' },
  rules: [
    ...validateRules((l) => citeG('templates/validate.yaml', l), GRAFANA_REF, { config: 2, canary: 6, fsMono: 15, fsScalable: 19, ssdDist: 23, monoDist: 27, monoSsd: 31, testSchema: 35, noSchema: 40 }, 'Single Binary', ['SingleBinary<->SimpleScalable']),
    ...pdbRules(GRAFANA_REF, GRAFANA_BLOCKS, citeG('templates/gateway/poddisruptionbudget-gateway.yaml', 17), true),
    ...deployRules(GRAFANA_REF, {
      zones: citeG('templates/ingester/_helpers-ingester.tpl', 68),
      claims: (key) => citeG(`templates/${key}/statefulset-${key}${key === 'ingester' ? '-zone-a' : ''}.yaml`, key === 'ingester' ? 235 : 195),
      modes: citeG('templates/_helpers.tpl', 75),
    }),
  ],
};

export const CHARTS: Readonly<Record<ChartSpec['id'], ChartSpec>> = { community: communitySpec, grafana: grafanaSpec };

/** The chart lokiplan writes values for unless told otherwise. */
export const DEFAULT_CHART_VERSION = fmtVersion(communitySpec.source.version);

export interface ResolvedChart {
  spec: ChartSpec;
  version: ChartVersion;
  /** the user named only a major (or nothing): the version checked is the one pinned */
  pinned: boolean;
}

/**
 * `--chart-version`: a major (`18`, `6`: the version lokiplan checked on that line) or a full
 * version. Returns the chart or the reason it is not one lokiplan writes values for.
 */
export function resolveChart(text: string): ResolvedChart | { error: string } {
  const m = /^(\d+)(?:\.(\d+)\.(\d+))?$/.exec(text.trim().replace(/^v/, ''));
  const lines = `${CHARTS.community.chart} ${fmtVersion(CHARTS.community.range.from)} or later (default ${DEFAULT_CHART_VERSION}), or ${CHARTS.grafana.chart} ${fmtVersion(CHARTS.grafana.range.from)}-${fmtVersion(CHARTS.grafana.range.to!)} (\`6\`)`;
  if (!m) return { error: `must be a chart major (18, 6) or version (18.11.0), got ${JSON.stringify(text)}; lokiplan writes values for ${lines}` };
  const major = Number(m[1]);
  const spec = major >= communitySpec.range.from.major || (major > 6 && major < 12) ? communitySpec : grafanaSpec;
  const version: ChartVersion = m[2] === undefined ? (major === spec.source.version.major ? spec.source.version : { major, minor: 0, patch: 0 }) : { major, minor: Number(m[2]), patch: Number(m[3]) };
  const pinned = m[2] === undefined;
  if (pinned && major !== spec.source.version.major) return { error: `major ${major} is not a chart line lokiplan checked; name a full version or use 18 or 6 (${lines})` };
  const r = spec.range;
  if (cmp(version, r.from) < 0 || (r.to && cmp(version, r.to) > 0)) return { error: `${spec.chart} ${fmtVersion(version)} is outside what lokiplan writes values for: ${r.why}; use ${lines}` };
  return { spec, version, pinned };
}

/** The rules a chart's values break (empty when the chart renders what was priced). */
export const brokenRules = (c: ChartSpec, v: Values): ChartRule[] => c.rules.filter((r) => r.broken(v));

/**
 * Replicas the chart deploys for each block, as its templates do: zone-aware ingesters are three
 * StatefulSets (zone-a/b/c) of ceil(replicas/3) each (templates/ingester/_helpers.tpl
 * loki.ingester.replicaCount); a disabled block deploys none.
 */
export function deployedReplicas(c: ChartSpec, v: Values, key: string): number {
  if (getIn(v, `${key}.enabled`) === false) return 0;
  const r = replicasOf(c, v, key);
  if (key === 'ingester' && getIn(v, 'ingester.zoneAwareReplication.enabled') !== false && isDistributed(v)) return 3 * Math.ceil(r / 3);
  return r;
}
