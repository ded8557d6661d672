import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { brokenRules, CHARTS, deployedReplicas, getIn, resolveChart, type ChartSpec } from '../src/model/helm-charts.js';
import { DEFAULT_HELM_OPTIONS, HELM_KEY, helmValues, maxUnavailableOf } from '../src/model/helm.js';
import { ScenarioError } from '../src/errors.js';
import { BREAKERS, CASES, CHART_LIST, pinned, valuesOf } from './helm-matrix.js';
import { deployedLimits } from '../src/model/limits.js';
import type { Plan, Scenario } from '../src/model/types.js';
import { renderHelmValues } from '../src/report/helm.js';
import { BASE, cli, planOf, ROOT, scenarioFile, scenarioOf } from './helpers.js';

/** Kubernetes quantities back to numbers: CPU in cores, memory in GiB. */
const cpu = (q: string) => (q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q));
const gib = (q: string) =>
  q.endsWith('Gi') ? Number(q.slice(0, -2)) : q.endsWith('Mi') ? Number(q.slice(0, -2)) / 1024 : /^\d+G$/.test(q) ? (Number(q.slice(0, -1)) * 1e9) / 2 ** 30 : NaN;

type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function roundTrip(s: Scenario, chart: ChartSpec = CHARTS.community): { p: Plan; v: Values } {
  const p = planOf(s);
  const text = renderHelmValues(p, helmValues(s, p, { ...DEFAULT_HELM_OPTIONS, chart: pinned(chart) }));
  return { p, v: parse(text) as Values };
}

const MODES: [string, Scenario][] = [
  ['simple-scalable', scenarioFile('scenarios/ghost-protocol.yaml')],
  ['microservices', scenarioFile('scenarios/ghost-protocol-microservices.yaml')],
  ['ha-monolithic', scenarioOf({ ...BASE, ingest: { volume: '300 GB/day' }, deployment: { mode: 'ha-monolithic' } })],
  ['monolithic', scenarioOf({ ...BASE, ingest: { volume: '10 GB/day' }, deployment: { mode: 'monolithic' } })],
];

const MONOLITHIC_NAME = { community: 'Monolithic', grafana: 'SingleBinary' } as const;

describe('helm-values round-trip: parsed YAML matches the plan', () => {
  it.each(MODES.flatMap(([m, s]) => CHART_LIST.map((c) => [m, c.id, s, c] as const)))('%s on the %s chart', (mode, _id, s, chart) => {
    const { p, v } = roundTrip(s, chart);
    expect(p.mode).toBe(mode);
    const mono = MONOLITHIC_NAME[chart.id];
    expect(v.deploymentMode).toBe({ 'simple-scalable': 'SimpleScalable', monolithic: mono, 'ha-monolithic': mono, microservices: 'Distributed' }[mode]);
    expect(v.loki.commonConfig.replication_factor).toBe(p.topology.replicationFactor);
    const schema = v.loki.schemaConfig.configs[0];
    expect(schema).toMatchObject({ schema: 'v13', store: 'tsdb', object_store: mode === 'monolithic' ? 'filesystem' : 's3' });
    if (mode !== 'monolithic') expect(v.loki.storage).toMatchObject({ type: 's3', s3: { region: s.region } });
    const l = deployedLimits(s, p.workload);
    expect(v.loki.limits_config).toMatchObject({
      ingestion_rate_mb: l.ingestionRateMB,
      ingestion_burst_size_mb: l.ingestionBurstSizeMB,
      max_global_streams_per_user: l.maxGlobalStreamsPerUser,
      retention_period: `${s.retentionDays * 24}h`,
    });
    expect(l.ingestionRateMB * 2 ** 20).toBeGreaterThanOrEqual(p.workload.peakBytesPerSecond);
    for (const t of p.topology.targets) {
      const block = v[HELM_KEY[t.name]!];
      expect(block, t.name).toBeDefined();
      expect(block.replicas, t.name).toBe(t.replicas);
      if (block.allocatedMemory !== undefined) {
        // the chart's memcached pod requests allocatedMemory x 1.2 (MiB)
        expect(Math.floor((block.allocatedMemory * 12 + 5) / 10), t.name).toBe(Math.round(t.requests.memoryGiB * 1024));
        continue;
      }
      expect(cpu(block.resources.requests.cpu), t.name).toBe(t.requests.cpu);
      expect(gib(block.resources.requests.memory), t.name).toBeCloseTo(t.requests.memoryGiB, 3);
      expect(cpu(block.resources.limits.cpu), t.name).toBe(t.limits.cpu);
      expect(gib(block.resources.limits.memory), t.name).toBeCloseTo(t.limits.memoryGiB, 3);
      const persistence = block.persistence;
      const size = persistence?.claims?.[0]?.size ?? persistence?.size;
      if (t.volumeGiB > 0 && t.name !== 'read') expect(gib(size), t.name).toBe(Math.ceil(t.volumeGiB));
      // a claims list replaces the chart's default list whole: it must carry accessModes
      if (persistence?.claims) expect(persistence.claims[0].accessModes, t.name).toEqual(['ReadWriteOnce']);
      // zone spread selects the target's pods by the chart's own selector labels
      const tsc = block.topologySpreadConstraints?.[0];
      if (tsc) expect(Object.keys(tsc.labelSelector.matchLabels).sort(), t.name).toEqual(['app.kubernetes.io/component', 'app.kubernetes.io/instance', 'app.kubernetes.io/name']);
      if (t.replicas <= 1) expect(tsc, `${t.name}: one replica has nothing to spread`).toBeUndefined();
    }
    // targets of other modes are switched off
    if (mode !== 'simple-scalable') expect(v.write.replicas).toBe(0);
    else expect(v.singleBinary.replicas).toBe(0);
  });
  it('zone-aware ingesters in microservices mode', async () => {
    const { v } = roundTrip(MODES[1]![1]);
    expect(v.ingester.zoneAwareReplication.enabled).toBe(true);
    expect(v.ingester.persistence.enabled).toBe(true);
  });
  it('the header names the scenario, the profile and the deprecation of simple-scalable', async () => {
    const s = MODES[0]![1];
    const p = planOf(s);
    const text = renderHelmValues(p, helmValues(s, p));
    expect(text.split('\n')[0]).toMatch(/^# grafana-community\/loki Helm values generated by lokiplan/);
    // the install commands continue over comment lines with a shell backslash: joined, they run as given
    const joined = text.replace(/ \\\n#\s+/g, ' ');
    expect(joined).toContain('helm upgrade --install loki grafana-community/loki --version 18.11.0 -n loki --create-namespace -f values.yaml\n');
    expect(joined).toContain('helm repo add grafana-community https://grafana-community.github.io/helm-charts\n');
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(text).toContain(p.topology.profileId);
    expect(text).toMatch(/simple-scalable is deprecated/);
  });
});

const scenario = (f: string) => `${ROOT}/scenarios/${f}`;

describe('lokiplan helm-values (CLI)', () => {
  it('prints parseable values for the community chart by default and honours bucket options', async () => {
    const r = await cli(['helm-values', scenario('ghost-protocol-microservices.yaml'), '--chunks-bucket', 'acme-chunks']);
    expect(r.code).toBe(0);
    const v = parse(r.stdout);
    expect(v.loki.storage.bucketNames.chunks).toBe('acme-chunks');
    expect(v.deploymentMode).toBe('Distributed');
    expect(r.stdout.replace(/ \\\n#\s+/g, ' ')).toContain('--version 18.11.0');
  });
  it('warns on stderr when the plan does not hold; --check exits 1', async () => {
    const failing = await cli(['helm-values', scenario('ghost-protocol.yaml')]);
    expect(failing.code).toBe(0);
    const verdict = JSON.parse((await cli(['plan', scenario('ghost-protocol.yaml'), '-f', 'json'])).stdout).plans[0].capacity.meetsTarget;
    expect(verdict).toBe(false);
    expect(failing.stderr).toMatch(/^lokiplan: warning: the plan does not hold \(.*zone loss FAIL.*\); .*\(--check exits 1\)$/m);
    expect(parse(failing.stdout).deploymentMode).toBe('SimpleScalable'); // the values are still written
    expect((await cli(['helm-values', scenario('ghost-protocol.yaml'), '--check'])).code).toBe(1);
    const holding = await cli(['helm-values', scenario('ghost-protocol-microservices.yaml'), '--check']);
    expect(holding.code).toBe(0);
    expect(holding.stderr).not.toMatch(/warning/);
  });
  it('says which S3 lifecycle the plan priced, in the YAML and on stderr', async () => {
    const r = await cli(['helm-values', scenario('ghost-protocol.yaml'), '--chunks-bucket', 'acme-chunks']);
    const p = JSON.parse((await cli(['plan', scenario('ghost-protocol.yaml'), '-f', 'json'])).stdout).plans[0];
    // the plan stores everything in STANDARD until Loki's retention deletes it: the 30-day transition is never reached
    const classes = [...new Set((p.storage.segments as { class: string }[]).map((x) => x.class))];
    expect(classes).toEqual(['STANDARD']);
    const life = p.storage.lifeDays as number;
    const rule = `transition to INTELLIGENT_TIERING after 30 days: never reached, objects are deleted at ${life} days`;
    expect(r.stderr).toMatch(/^lokiplan: apply the S3 lifecycle the plan priced to the bucket acme-chunks /m);
    expect(r.stderr).toContain(rule);
    expect(r.stderr).toContain("expire (delete) objects after 90 days (Loki's retention deletes them at 30 days first)");
    const comments = r.stdout.split('\n').filter((l) => l.startsWith('#')).map((l) => l.replace(/^#\s*/, '')).join(' ');
    expect(comments).toContain('S3 lifecycle the plan priced: apply it to the bucket acme-chunks');
    expect(comments).toContain(rule);
    // a filesystem store has no bucket lifecycle to apply
    expect((await cli(['helm-values', scenario('monolithic.yaml')])).stderr).not.toMatch(/lifecycle/);
  });
  it('--chart-version 6 writes grafana/loki 6.x keys and pins 6.55.0', async () => {
    const r = await cli(['helm-values', scenario('monolithic.yaml'), '--chart-version', '6']);
    expect(r.code).toBe(0);
    expect(parse(r.stdout).deploymentMode).toBe('SingleBinary');
    expect(r.stdout.replace(/ \\\n#\s+/g, ' ')).toContain('helm upgrade --install loki grafana/loki --version 6.55.0 ');
    const c = await cli(['helm-values', scenario('monolithic.yaml')]);
    expect(parse(c.stdout).deploymentMode).toBe('Monolithic');
  });
  it.each([
    ['6.22.0', /compactor\.topologySpreadConstraints/],
    ['9', /not a chart line lokiplan checked/],
    ['latest', /must be a chart major/],
    ['6.56.0', /outside what lokiplan writes values for/],
  ])('rejects --chart-version %s with exit 2 and the reason', async (version, why) => {
    const r = await cli(['helm-values', scenario('ghost-protocol.yaml'), '--chart-version', version]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--chart-version/);
    expect(r.stderr).toMatch(why);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('rejects a bad schema date with exit 2', async () => {
    const r = await cli(['helm-values', scenario('ghost-protocol.yaml'), '--schema-from', 'yesterday']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/YYYY-MM-DD/);
  });
});

describe('resolveChart', () => {
  it.each([
    ['18', 'community', '18.11.0', true],
    ['18.11.0', 'community', '18.11.0', false],
    ['12.0.0', 'community', '12.0.0', false],
    ['6', 'grafana', '6.55.0', true],
    ['6.39.0', 'grafana', '6.39.0', false],
  ])('%s -> %s %s', (text, id, version, pin) => {
    const r = resolveChart(text);
    if ('error' in r) throw new Error(r.error);
    expect(r.spec.id).toBe(id);
    expect(`${r.version.major}.${r.version.minor}.${r.version.patch}`).toBe(version);
    expect(r.pinned).toBe(pin);
  });
  it.each(['6.38.9', '11.7.0', '5', '18.x'])('%s is refused', (text) => {
    expect('error' in resolveChart(text)).toBe(true);
  });
  it('a version other than the checked one is written with a note to render it first', () => {
    const r = resolveChart('18.12.0');
    if ('error' in r) throw new Error(r.error);
    const s = MODES[0]![1];
    const p = planOf(s);
    expect(helmValues(s, p, { ...DEFAULT_HELM_OPTIONS, chart: r }).notes.join('\n')).toMatch(/checked these keys against grafana-community\/loki 18\.11\.0/);
  });
});

describe('every shipped scenario in every mode, on both charts', () => {
  const matrix = CASES.flatMap((c) => CHART_LIST.map((chart) => [c.name, chart.id, c, chart] as const));
  it('covers every shipped scenario in every mode', () => {
    expect(new Set(CASES.map((c) => c.p.mode))).toEqual(new Set(['simple-scalable', 'monolithic', 'ha-monolithic', 'microservices']));
  });
  it.each(matrix)('%s on the %s chart: no rule broken, and each rule shown breaking', (_n, _id, c, chart) => {
    const { values } = valuesOf(c, chart);
    expect(brokenRules(chart, values).map((r) => r.id)).toEqual([]);
    for (const rule of chart.rules) {
      const breaker = BREAKERS.find(([re]) => re.test(rule.id));
      expect(breaker, `a breaker for ${chart.id} rule ${rule.id}`).toBeDefined();
      const broken = structuredClone(values);
      breaker![1](broken, rule.id);
      expect(rule.broken(broken), `${chart.id} ${rule.id} (${rule.cite}) trips on the broken values`).toBe(true);
    }
  });
  it.each(matrix)('%s on the %s chart: the chart deploys the replicas the plan priced', (_n, _id, c, chart) => {
    const { values } = valuesOf(c, chart);
    const planned = new Set<string>();
    for (const t of c.p.topology.targets) {
      const key = HELM_KEY[t.name]!;
      planned.add(key);
      expect(deployedReplicas(chart, values, key), `${t.name} (${key})`).toBe(t.replicas);
      const pdb = chart.blocks[key]?.pdb;
      if (pdb && t.replicas > 1) expect(getIn(values, `${key}.${pdb}`), `${key}.${pdb}`).toBe(maxUnavailableOf(t, c.s, c.p.topology.replicationFactor));
    }
    // every other Loki block of the chart deploys nothing
    for (const key of Object.keys(chart.blocks)) if (!planned.has(key)) expect(deployedReplicas(chart, values, key), `${key} is not in the plan`).toBe(0);
  });
});

const zoned = (zones: number, extra: Record<string, unknown> = {}) =>
  scenarioOf({ ...BASE, ingest: { volume: '3 TB/day' }, deployment: { mode: 'microservices', zones }, ...extra });

describe('zone-aware ingesters follow what the chart deploys (three zones)', () => {
  it('zones: 4 plans three ingester zones and says so', () => {
    const s = zoned(4);
    const p = planOf(s);
    const ing = p.topology.targets.find((t) => t.name === 'ingester')!;
    expect(p.topology.zoneAware).toBe(true);
    expect(ing.replicas % 3).toBe(0);
    expect(ing.zones).toBe(3);
    // placement: ingester pods only in the first three zones, evenly
    const perZone = [0, 0, 0, 0];
    for (const g of p.nodes) for (const n of g.nodes) for (const pod of n.pods) if (pod === 'ingester') perZone[n.zone]! += 1;
    expect(perZone).toEqual([ing.replicas / 3, ing.replicas / 3, ing.replicas / 3, 0]);
    // other targets still spread over all four zones
    const q = p.topology.targets.find((t) => t.name === 'querier')!;
    const qZones = new Set(p.nodes.flatMap((g) => g.nodes.filter((n) => n.pods.includes('querier')).map((n) => n.zone)));
    expect(qZones.size).toBe(Math.min(4, q.replicas));
    expect(p.assumptions.map((a) => a.text).join('\n')).toMatch(/zone-aware ingesters in 3 of the 4 zones/);
    const v = helmValues(s, p).values as Values;
    expect(deployedReplicas(CHARTS.community, v, 'ingester')).toBe(ing.replicas);
    expect(v.ingester.zoneAwareReplication.enabled).toBe(true);
    // the inter-AZ replication line is RF x (Z-1)/Z of ingest either way (derivation in the assumption)
    const line = p.lines.find((l) => l.id === 'transfer.inter-az.replication')!;
    const three = planOf(zoned(3)).lines.find((l) => l.id === 'transfer.inter-az.replication')!;
    expect(line.quantity / three.quantity).toBeCloseTo(3 / 4 / (2 / 3), 9);
  });
  it('zones: 2 is not zone-aware (the chart would place a third zone StatefulSet nowhere); ingesters spread instead', () => {
    const s = zoned(2, { deployment: { mode: 'microservices', zones: 2, replicationFactor: 2 } });
    const p = planOf(s);
    expect(p.topology.zoneAware).toBe(false);
    const h = helmValues(s, p);
    const v = h.values as Values;
    expect(v.ingester.zoneAwareReplication.enabled).toBe(false);
    expect(v.ingester.topologySpreadConstraints[0].labelSelector.matchLabels['app.kubernetes.io/component']).toBe('ingester');
    expect(h.notes.join('\n')).toMatch(/not zone-aware/);
  });
  it('an ingester count the chart cannot deploy zone-aware is refused with the counts it can', () => {
    expect(() => planOf(zoned(3, { targets: { ingester: { replicas: 8 } } }))).toThrow(ScenarioError);
    expect(() => planOf(zoned(3, { targets: { ingester: { replicas: 8 } } }))).toThrow(/targets\.ingester\.replicas: 8 zone-aware ingesters.*9 ingesters; set a multiple of 3 \(6 or 9\)/);
    expect(planOf(zoned(3, { targets: { ingester: { replicas: 9 } } })).topology.targets.find((t) => t.name === 'ingester')!.replicas).toBe(9);
  });
});
