/**
 * helm-values against the real Loki charts: the community chart (grafana-community/helm-charts
 * charts/loki, 18.11.0) and grafana/loki's last OSS chart (production/helm/loki, 6.55.0), at the
 * commits src/model/helm-charts.ts cites. The chart files are not copied into this repository
 * (third-party files come in through shared/); the tests read them from
 *   $LOKIPLAN_HELM_CHARTS/<id>-<version>/   (default: ../shared/helm-charts beside the checkout)
 * where <id>-<version> is community-18.11.0 and grafana-6.55.0, each a chart directory (Chart.yaml,
 * values.yaml, values.schema.json, templates/). Without them these tests are skipped and say so.
 *
 * With them: every value we write exists in the chart's values.yaml with the same type (or is a
 * key the chart's templates read without declaring it, listed in helm-charts.ts), the merged values
 * pass the chart's values.schema.json (ajv), the rule tables match the chart (replica defaults,
 * kinds, the `fail` text at each cited line), and, where a `helm` binary is found ($LOKIPLAN_HELM,
 * PATH, or .tmp/helm/helm/helm as .ci/run installs it), `helm template` renders every shipped
 * scenario in every mode and each workload's replicas equal the plan's.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { brokenRules, fmtVersion, getIn, type ChartSpec } from '../src/model/helm-charts.js';
import { HELM_KEY } from '../src/model/helm.js';
import { renderHelmValues } from '../src/report/helm.js';
import { BREAKERS, CASES, CHART_LIST, valuesOf } from './helm-matrix.js';
import { ROOT } from './helpers.js';

const CHARTS_DIR = process.env['LOKIPLAN_HELM_CHARTS'] ?? resolve(ROOT, '../shared/helm-charts');
const dirOf = (c: ChartSpec) => join(CHARTS_DIR, `${c.id}-${fmtVersion(c.source.version)}`);
const present = CHART_LIST.filter((c) => existsSync(join(dirOf(c), 'values.yaml')));
const missing = CHART_LIST.filter((c) => !present.includes(c));

function helmBinary(): string | null {
  for (const h of [process.env['LOKIPLAN_HELM'], 'helm', resolve(ROOT, '.tmp/helm/helm/helm')]) {
    if (!h) continue;
    const r = spawnSync(h, ['version', '--short'], { encoding: 'utf8' });
    if (r.status === 0) return h;
  }
  return null;
}
const HELM = present.length ? helmBinary() : null;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);
const typeOf = (x: unknown) => (x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x);

/** Parents whose keys the chart passes to Loki's config or to Kubernetes as they are (free-form maps). */
const FREE_FORM = [/^loki\.(limits_config|compactor|commonConfig)$/, /\.nodeSelector$/, /\.matchLabels$/];

/** Every leaf we write: path, value, and whether values.yaml declares it with that type. */
function undeclared(chart: ChartSpec, defaults: Obj, v: Obj, path = ''): string[] {
  const out: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    const p = path ? `${path}.${k}` : k;
    const d = getIn(defaults, p);
    const declared = chart.undeclaredKeys[p];
    if (declared) {
      if (typeOf(x) !== declared) out.push(`${p}: ${typeOf(x)}, the template reads ${declared}`);
      continue;
    }
    if (d === undefined) {
      if (!FREE_FORM.some((re) => re.test(path))) out.push(`${p}: not in values.yaml`);
      continue;
    }
    if (d !== null && typeOf(d) !== typeOf(x)) out.push(`${p}: ${typeOf(x)}, values.yaml has ${typeOf(d)}`);
    // an empty map in values.yaml (resources: {}, schemaConfig: {}) is passed through as it is
    else if (isObj(x) && isObj(d) && Object.keys(d).length > 0) out.push(...undeclared(chart, defaults, x, p));
  }
  return out;
}

/** Helm's coalesce of user values over the chart's: maps merge, anything else replaces, null deletes. */
function coalesce(base: unknown, over: unknown): unknown {
  if (!isObj(base) || !isObj(over)) return over;
  const out: Obj = { ...base };
  for (const [k, x] of Object.entries(over)) {
    if (x === null) delete out[k];
    else out[k] = coalesce(base[k], x);
  }
  return out;
}

const COMPONENT: Record<string, string> = { monolithic: 'single-binary', 'chunks-cache': 'memcached-chunks-cache', 'results-cache': 'memcached-results-cache' };

if (missing.length) {
  describe('real Helm charts', () => {
    it.skip(`not found: ${missing.map((c) => `${dirOf(c)} (${c.source.repository} ${c.source.path} @ ${c.source.commit})`).join('; ')}`, () => {});
  });
}

for (const chart of present) {
  const dir = dirOf(chart);
  const defaults = parse(readFileSync(join(dir, 'values.yaml'), 'utf8')) as Obj;
  const file = (p: string) => readFileSync(join(dir, p), 'utf8').split('\n');

  describe(`${chart.chart} ${fmtVersion(chart.source.version)} (${dir})`, () => {
    it('is the version the tables were read from', () => {
      expect(parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')).version).toBe(fmtVersion(chart.source.version));
    });
    it('the block table matches values.yaml (replicas, kind)', () => {
      for (const [key, b] of Object.entries(chart.blocks)) {
        expect(getIn(defaults, `${key}.replicas`), `${key}.replicas`).toBe(b.defaultReplicas);
        const m = getIn(defaults, `${key}.maxUnavailable`);
        expect(m === null ? undefined : m, `${key}.maxUnavailable`).toBe(b.maxUnavailableDefault);
        const kind = getIn(defaults, `${key}.kind`);
        if (kind !== undefined && key !== 'gateway') expect(kind, `${key}.kind`).toBe(b.kind);
      }
    });
    it('every rule cites a line of the chart that says what the rule says', () => {
      const prefix = `${chart.source.path}/`;
      for (const r of chart.rules) {
        const m = /^\S+ (\S+)@([0-9a-f]{40})#L(\d+)$/.exec(r.cite);
        expect(m, r.cite).not.toBeNull();
        expect(m![2]).toBe(chart.source.commit);
        expect(m![1]!.startsWith(prefix), r.cite).toBe(true);
        const line = file(m![1]!.slice(prefix.length))[Number(m![3]) - 1];
        expect(line, r.cite).toBeDefined();
        if (r.kind === 'fail') expect(line, `${r.id}: ${r.cite}`).toContain(r.message.replace(/\.$/, '').slice(0, 40));
      }
    });
    it.each(CASES.map((c) => [c.name, c] as const))('%s: every key exists in values.yaml with its type, and the merged values pass values.schema.json', (_n, c) => {
      const { values } = valuesOf(c, chart);
      expect(undeclared(chart, defaults, values as Obj)).toEqual([]);
      const schema = JSON.parse(readFileSync(join(dir, 'values.schema.json'), 'utf8')) as Obj;
      // 6.55.0 names draft-07 by its https address, which Helm accepts and ajv knows by the http one
      if (schema['$schema'] === 'https://json-schema.org/draft-07/schema#') schema['$schema'] = 'http://json-schema.org/draft-07/schema#';
      const ajv = new Ajv({ strict: false, allErrors: true });
      const validate = ajv.compile(schema);
      const ok = validate(coalesce(defaults, values));
      expect(ok ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
    });

    describe.skipIf(!HELM)(`helm template (${HELM ?? 'no helm binary: set LOKIPLAN_HELM or run .ci/run'})`, () => {
      // the subcharts (minio, rollout-operator, grafana-agent-operator) are not vendored; the values leave them disabled
      const work = mkdtempSync(join(tmpdir(), `lokiplan-chart-${chart.id}-`));
      cpSync(dir, work, { recursive: true });
      const meta = parse(readFileSync(join(work, 'Chart.yaml'), 'utf8')) as Obj;
      delete meta['dependencies'];
      writeFileSync(join(work, 'Chart.yaml'), stringify(meta));

      it.each(CASES.map((c) => [c.name, c] as const))('%s renders and deploys the replicas the plan priced', (_n, c) => {
        const h = valuesOf(c, chart);
        const f = join(work, `${c.name.replace(/\W+/g, '-')}.yaml`);
        writeFileSync(f, renderHelmValues(c.p, h));
        const r = spawnSync(HELM!, ['template', 'loki', work, '-n', 'loki', '-f', f], { encoding: 'utf8', maxBuffer: 64 << 20 });
        expect(r.stderr.split('\n').filter((l) => /error/i.test(l))).toEqual([]);
        expect(r.status).toBe(0);
        const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj | null).filter((d): d is Obj => d !== null);
        const replicas = new Map<string, number>();
        const pdbs = new Set<string>();
        for (const d of docs) {
          const labels = (getIn(d, 'metadata.labels') as Obj | undefined) ?? {};
          const component = String(labels['app.kubernetes.io/component']);
          if (d['kind'] === 'Deployment' || d['kind'] === 'StatefulSet') {
            replicas.set(component, (replicas.get(component) ?? 0) + Number(getIn(d, 'spec.replicas') ?? 1));
            for (const t of (getIn(d, 'spec.volumeClaimTemplates') as Obj[] | undefined) ?? []) {
              expect(getIn(t, 'spec.accessModes'), `${String(getIn(d, 'metadata.name'))} claim accessModes`).toEqual(['ReadWriteOnce']);
            }
          }
          if (d['kind'] === 'PodDisruptionBudget') pdbs.add(component);
        }
        for (const t of c.p.topology.targets) {
          const component = COMPONENT[t.name] ?? t.name;
          expect(replicas.get(component) ?? 0, `${t.name}: rendered replicas`).toBe(t.replicas);
          replicas.delete(component);
          if (t.replicas > 1 && chart.blocks[HELM_KEY[t.name]!]?.pdb) expect(pdbs.has(component), `${t.name}: a PodDisruptionBudget`).toBe(true);
        }
        // nothing else runs but what the plan priced
        expect([...replicas.entries()].filter(([, n]) => n > 0)).toEqual([]);
      });

      // each `fail` rule lokiplan mirrors makes the real chart fail, with its message
      it.each(chart.rules.filter((r) => r.kind === 'fail').map((r) => [r.id, r] as const))('%s: the chart fails as the rule says', (_id, rule) => {
        const breaker = BREAKERS.find(([re]) => re.test(rule.id))!;
        // a scenario whose broken values break this rule alone (helm stops at the first fail)
        const found = CASES.map((c) => {
          const v = structuredClone(valuesOf(c, chart).values);
          breaker[1](v, rule.id);
          return v;
        }).find((v) => brokenRules(chart, v).map((r) => r.id).join() === rule.id);
        expect(found, `values that break ${rule.id} alone`).toBeDefined();
        const f = join(work, `broken-${rule.id}.yaml`);
        writeFileSync(f, stringify(found));
        const r = spawnSync(HELM!, ['template', 'loki', work, '-n', 'loki', '-f', f], { encoding: 'utf8', maxBuffer: 64 << 20 });
        expect(r.status).not.toBe(0);
        expect(r.stderr).toContain(rule.message.replace(/\.$/, '').slice(0, 40));
      });
    });
  });
}
