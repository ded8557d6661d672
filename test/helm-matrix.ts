/** Every shipped scenario in every mode, for the Helm tests (test/helm.test.ts, test/helm-chart.test.ts). */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { CHARTS, getIn, type ChartSpec, type ResolvedChart, type Values } from '../src/model/helm-charts.js';
import { DEFAULT_HELM_OPTIONS, helmValues, type HelmValues } from '../src/model/helm.js';
import type { Plan, Scenario } from '../src/model/types.js';
import { loadScenario } from '../src/scenario/load.js';
import { planOf, read, ROOT } from './helpers.js';

export const SHIPPED = readdirSync(resolve(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
export const MODE_NAMES = ['as shipped', 'simple-scalable', 'monolithic', 'ha-monolithic', 'microservices'] as const;

export interface Case {
  name: string;
  s: Scenario;
  p: Plan;
}

let dir: string | undefined;

/**
 * A shipped scenario in a mode: a file that extends it, sets the mode and drops what names one
 * mode's targets (targets, spot and committed shares, omitted lines); monolithic runs RF 1 on one
 * zone, the other modes at least RF 3 over three zones.
 */
export function caseOf(file: string, mode: (typeof MODE_NAMES)[number]): Case {
  const shipped = resolve(ROOT, 'scenarios', file);
  if (mode === 'as shipped') {
    const s = loadScenario(shipped, read);
    return { name: `${file}`, s, p: planOf(s) };
  }
  const base = loadScenario(shipped, read);
  dir ??= mkdtempSync(join(tmpdir(), 'lokiplan-helm-'));
  const path = join(dir, `${file.replace(/\.yaml$/, '')}-${mode}.yaml`);
  const deployment =
    mode === 'monolithic'
      ? { mode, replicationFactor: 1, failureTolerance: 0, zones: 1 }
      : { mode, replicationFactor: Math.max(3, base.deployment.replicationFactor), zones: Math.max(3, base.deployment.zones), failureTolerance: Math.max(1, base.deployment.failureTolerance) };
  const storage = mode === 'monolithic' ? { storedCopies: 1 } : {};
  writeFileSync(path, stringify({ extends: shipped, deployment, storage, targets: null, omit: null, compute: { spot: null, committed: null } }));
  const s = loadScenario(path, read);
  return { name: `${file} as ${mode}`, s, p: planOf(s) };
}

export const CASES: Case[] = SHIPPED.flatMap((f) => MODE_NAMES.map((m) => caseOf(f, m)));

export const pinned = (c: ChartSpec): ResolvedChart => ({ spec: c, version: c.source.version, pinned: true });
export const CHART_LIST = Object.values(CHARTS);

/** The IRSA role every case is written with (helm-values --role-arn), so the chart tests check its annotation key too. */
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/loki-s3';
export const valuesOf = (c: Case, chart: ChartSpec): HelmValues => helmValues(c.s, c.p, { ...DEFAULT_HELM_OPTIONS, chart: pinned(chart), roleArn: ROLE_ARN });

/**
 * For every rule of each chart, a change to values that breaks it: the test below fails when a
 * rule is added without one, so every rule that can fail is shown failing, for every mode.
 */
const distributed = (v: Values) => {
  v['deploymentMode'] = 'Distributed';
  (v['loki'] as Values)['storage'] = { type: 's3', bucketNames: { chunks: 'chunks', ruler: 'ruler', admin: 'admin' }, s3: { region: 'us-east-1' } };
};
const block = (v: Values, key: string): Values => (v[key] = { ...((v[key] as Values) ?? {}) }) as Values;
export const BREAKERS: [RegExp, (v: Values, id: string) => void][] = [
  [/^top-level-config$/, (v) => void (v['config'] = 'auth_enabled: false')],
  [/^test-needs-canary$/, (v) => void (v['lokiCanary'] = { enabled: false })],
  [/^filesystem-one-monolithic$/, (v) => ((v['loki'] as Values)['storage'] = { type: 'filesystem' }, (block(v, 'singleBinary')['replicas'] = 2))],
  [/^filesystem-no-scalable$/, (v) => ((v['loki'] as Values)['storage'] = { type: 'filesystem' }, (block(v, 'singleBinary')['replicas'] = 0), (block(v, 'write')['replicas'] = 3))],
  [/^scalable-and-distributed$/, (v) => (distributed(v), (block(v, 'write')['replicas'] = 1), (block(v, 'ingester')['replicas'] = 1), (block(v, 'singleBinary')['replicas'] = 0))],
  [/^monolithic-and-distributed$/, (v) => ((block(v, 'singleBinary')['replicas'] = 1), (block(v, 'querier')['replicas'] = 2))],
  [/^monolithic-and-scalable$/, (v) => ((block(v, 'singleBinary')['replicas'] = 1), (block(v, 'read')['replicas'] = 1))],
  [/^test-schema-with-schema$/, (v) => void ((v['loki'] as Values)['useTestSchema'] = true)],
  [/^schema-required$/, (v) => void delete (v['loki'] as Values)['schemaConfig']],
  // the chart's minio subchart is not vendored: give the few values its helpers read (templates/_helpers.tpl loki.minio)
  [/^minio-deprecated$/, (v) => void (v['minio'] = { enabled: true, service: { port: 9000 }, rootUser: 'u', rootPassword: 'p' })],
  [/-no-pvc-on-deployment$/, (v, id) => {
    const b = block(v, id.replace(/-no-pvc-on-deployment$/, ''));
    b['replicas'] = 2;
    b['persistence'] = { enabled: true };
  }],
  [/-max-unavailable$/, (v, id) => {
    distributed(v);
    const b = block(v, id.replace(/-max-unavailable$/, ''));
    b['replicas'] = 3;
    b['enabled'] = true;
    // null, as a user would unset it: Helm drops the key, the chart's default with it
    if (getIn(v, `${id.replace(/-max-unavailable$/, '')}.podDisruptionBudget`) !== undefined) b['podDisruptionBudget'] = { maxUnavailable: null };
    else b['maxUnavailable'] = null;
  }],
  [/^deployment-mode-known$/, (v) => void (v['deploymentMode'] = 'Microservices')],
  [/^zone-aware-ingesters-multiple-of-3$/, (v) => (distributed(v), Object.assign(block(v, 'ingester'), { replicas: 4, zoneAwareReplication: { enabled: true } }))],
  [/-claims-access-modes$/, (v, id) => void (block(v, id.replace(/-claims-access-modes$/, ''))['persistence'] = { enabled: true, claims: [{ name: 'data', size: '10Gi' }] })],
];

