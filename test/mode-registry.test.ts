/**
 * The mode registry (src/model/modes): one ModeSpec per deployment mode, and every command run on
 * a scenario in every mode. The type-level checks below fail `npm test` (tsc) when a mode lacks a
 * spec or a spec lacks a piece.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { MODES, targetsOf, type ModeSpec } from '../src/model/modes/index.js';
import { CHARTS } from '../src/model/helm-charts.js';
import { deploymentModeValue } from '../src/model/helm.js';
import { DEPLOYMENT_MODES, type DeploymentMode } from '../src/model/types.js';
import { BASE, planOf, scenarioOf } from './helpers.js';

// a stub mode must give every piece: this object lacks `size`, `helm` and more, so it does not compile
// @ts-expect-error a ModeSpec missing pieces is a compile error
const stub: ModeSpec = { mode: 'monolithic', summary: 'stub', source: 'none', targets: [], ingesterTarget: 'x' };
void stub;
// a mode added to DeploymentMode without a spec: the registry's type no longer fits
// @ts-expect-error MODES has no entry for a mode outside DeploymentMode
const wider: Record<DeploymentMode | 'stub-mode', ModeSpec> = MODES;
void wider;

const doc = (mode: DeploymentMode, extra: Record<string, unknown> = {}) => ({
  ...BASE,
  name: `registry ${mode}`,
  ingest: { volume: mode === 'monolithic' ? '10 GB/day' : '1 TB/day' },
  query: { scannedPerDay: mode === 'monolithic' ? '20 GB' : '2 TB' },
  deployment: { mode },
  ...extra,
});

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env: {} });
  return { code, stdout, stderr };
}

describe('mode registry', () => {
  it('has one spec per deployment mode, keyed by its own mode', () => {
    expect(Object.keys(MODES).sort()).toEqual([...DEPLOYMENT_MODES].sort());
    for (const m of DEPLOYMENT_MODES) expect(MODES[m].mode).toBe(m);
  });

  it.each(DEPLOYMENT_MODES)('%s: sizing produces exactly the targets the spec lists, in order', (mode) => {
    const spec = MODES[mode];
    const p = planOf(scenarioOf(doc(mode)));
    expect(p.topology.targets.map((t) => t.name)).toEqual(targetsOf(mode));
    const names = spec.targets.map((t) => t.name);
    expect(names).toContain(spec.ingesterTarget);
    expect(names).toContain(spec.summaryTargets.write);
    expect(names).toContain(spec.summaryTargets.read);
    // every role-bearing target plays at least one role; helm keys are unique within a mode
    for (const t of spec.targets) expect(t.roles.length, t.name).toBeGreaterThan(0);
    expect(new Set(spec.targets.map((t) => t.helm.key)).size).toBe(spec.targets.length);
    // the defaults are what an unset scenario gets
    const s = scenarioOf(doc(mode));
    expect(s.deployment.replicationFactor).toBe(spec.defaults.replicationFactor);
    expect(s.deployment.zones).toBe(spec.defaults.zones);
    expect(s.deployment.failureTolerance).toBe(spec.defaults.failureTolerance);
  });

  it.each(DEPLOYMENT_MODES)('%s: plan, check, compare, sweep and helm-values run and name the mode\'s targets', async (mode) => {
    const dir = mkdtempSync(join(tmpdir(), 'lokiplan-modes-'));
    const file = join(dir, `${mode}.yaml`);
    const other = join(dir, 'other.yaml');
    writeFileSync(file, JSON.stringify(doc(mode)));
    writeFileSync(other, JSON.stringify(doc(mode === 'microservices' ? 'ha-monolithic' : 'microservices')));
    const spec = MODES[mode];

    const plan = await cli(['plan', file, '--format', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    const pj = JSON.parse(plan.stdout).plans[0] as { mode: string; sizing: { targets: { name: string }[] } };
    expect(pj.mode).toBe(mode);
    expect(pj.sizing.targets.map((t) => t.name)).toEqual(targetsOf(mode));

    const check = await cli(['check', file]);
    expect([0, 1], check.stderr).toContain(check.code);
    expect(check.stdout).toContain(spec.ingesterTarget);

    const compare = await cli(['compare', file, other, '--format', 'json']);
    expect(compare.code, compare.stderr).toBe(0);
    const keys = Object.keys((JSON.parse(compare.stdout) as { scenarios: { values: Record<string, unknown> }[] }).scenarios[0]!.values);
    for (const t of targetsOf(mode)) expect(keys, `compare lists ${t}`).toContain(`replicas.${t}`);

    const sweep = await cli(['sweep', file, '--vary', 'retention=7,30 days']);
    expect(sweep.code, sweep.stderr).toBe(0);
    const [head, ...rows] = sweep.stdout.trim().split('\n');
    const cols = head!.split(',');
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      const cells = r.split(',');
      // the ingest and query targets are named and their replicas filled in every mode
      expect(cells[cols.indexOf('mode')], r).toBe(mode);
      expect(cells[cols.indexOf('ingestTarget')], r).toBe(MODES[mode].summaryTargets.write);
      expect(cells[cols.indexOf('ingestReplicas')], r).toMatch(/^\d+$/);
      expect(cells[cols.indexOf('queryTarget')], r).toBe(MODES[mode].summaryTargets.read);
      expect(cells[cols.indexOf('queryReplicas')], r).toMatch(/^\d+$/);
    }

    const helm = await cli(['helm-values', file]);
    expect(helm.code, helm.stderr).toBe(0);
    const values = parse(helm.stdout) as Record<string, unknown>;
    expect(values['deploymentMode']).toBe(deploymentModeValue(CHARTS.community, mode));
    for (const t of spec.targets) expect(values[t.helm.key], t.helm.key).toBeTruthy();
    for (const k of spec.helm.off) expect(values[k]).toEqual({ replicas: 0 });
  });
});

const SHIPPED = ['ghost-protocol-as-designed', 'ghost-protocol-auto', 'ghost-protocol-microservices', 'ghost-protocol', 'monolithic', 'seed-arithmetic'].map((n) => `scenarios/${n}.yaml`);

describe('one verdict: plan says what check says, in every format', () => {
  it.each(SHIPPED)('%s', async (file) => {
    const check = await cli(['check', file, '--format', 'json']);
    const holds = (JSON.parse(check.stdout) as { holds: boolean }).holds;
    expect(check.code).toBe(holds ? 0 : 1);
    const json = JSON.parse((await cli(['plan', file, '--format', 'json'])).stdout).plans[0] as { capacity: { meetsTarget: boolean; cases: { status: string }[] } };
    expect(json.capacity.meetsTarget).toBe(holds);
    expect(json.capacity.cases.some((c) => c.status === 'fail')).toBe(!holds);
    const verdict = holds ? 'HOLDS (lokiplan check)' : 'DOES NOT HOLD (lokiplan check)';
    for (const format of ['table', 'md', 'html']) {
      const out = (await cli(['plan', file, '--format', format])).stdout;
      expect(out, format).toContain(verdict);
      if (holds) expect(out, format).not.toContain('DOES NOT HOLD (lokiplan check)');
    }
    const compare = JSON.parse((await cli(['compare', file, file, '--format', 'json'])).stdout) as { scenarios: { values: { meetsTarget: boolean } }[] };
    expect(compare.scenarios[0]!.values.meetsTarget).toBe(holds);
    const sweep = (await cli(['sweep', file, '--vary', 'retention=30 days'])).stdout.trim().split('\n');
    expect(sweep[1]!.split(',')[sweep[0]!.split(',').indexOf('meetsTarget')]).toBe(String(holds));
  });
});

describe('the price of holding', () => {
  it('the as-designed reference: no change within simple-scalable holds; microservices on-demand does, priced', async () => {
    const r = await cli(['plan', 'scenarios/ghost-protocol-as-designed.yaml']);
    expect(r.code).toBe(0);
    const verdict = r.stdout.slice(r.stdout.indexOf('Verdict'), r.stdout.indexOf('Sizing'));
    expect(verdict).toMatch(/no change within simple-scalable holds: .*not zone-aware/);
    const m = /cheapest other mode that holds, (\S+): (\$[\d,.]+) a month/.exec(verdict)!;
    expect(m[1]).toBe('microservices');
    expect(verdict).toMatch(/limits_config as lokiplan plans them/);
    // JSON carries the same figures
    const j = JSON.parse((await cli(['plan', 'scenarios/ghost-protocol-as-designed.yaml', '--format', 'json'])).stdout).plans[0] as {
      totals: { monthly: number };
      holding: { asWritten: number; withinMode: unknown; cheapestMode: { mode: string; monthly: number; changes: string[] } };
    };
    expect(j.holding.withinMode).toBeNull();
    // the figure as written is the plan's total as its tables show it: the sum of its lines to the cent
    const { totalCents } = await import('../src/text/money.js');
    expect(j.holding.asWritten).toBe(totalCents((j as unknown as { lines: { monthlyCost: number }[] }).lines) / 100);
    expect(Math.abs(j.holding.asWritten - j.totals.monthly)).toBeLessThan(0.5);
    expect(j.holding.cheapestMode.mode).toBe('microservices');
    expect(`$${(Math.round(j.holding.cheapestMode.monthly * 100) / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`).toBe(m[2]);
    expect(j.holding.cheapestMode.monthly).toBeGreaterThan(j.totals.monthly);
  });
  it('a plan that holds has no price of holding', async () => {
    const r = await cli(['plan', 'scenarios/ghost-protocol-microservices.yaml']);
    expect(r.stdout).not.toMatch(/cheapest other mode/);
  });
  it('warns when spot makes the plan dearer, with both figures', async () => {
    const r = await cli(['plan', 'scenarios/ghost-protocol-microservices.yaml']);
    const flat = r.stdout.replace(/\n\s+/g, ' ');
    const w = /querier: spot makes this plan dearer: (\$[\d,.]+) a month with querier on spot, (\$[\d,.]+) with it all on-demand/.exec(flat);
    expect(w, flat).not.toBeNull();
    // the figure with spot is the plan's own total, to the cent, as the summary shows it
    expect(w![1]).toBe(/total (\$[\d,.]+) a month/.exec(flat)![1]);
    // and the on-demand figure is what the plan costs with querier all on-demand
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join, resolve } = await import('node:path');
    const f = join(mkdtempSync(join(tmpdir(), 'lokiplan-spot-')), 'on-demand.yaml');
    writeFileSync(f, `extends: ${JSON.stringify(resolve('scenarios/ghost-protocol-microservices.yaml'))}\ncompute:\n  spot:\n    querier: 0\n`);
    const od = await cli(['plan', f]);
    expect(w![2]).toBe(/total (\$[\d,.]+) a month/.exec(od.stdout.replace(/\n\s+/g, ' '))![1]);
  });
});

describe('every command in every mode', () => {
  it('the mode-neutral names table in docs/design.md is the registry\'s', async () => {
    const { readFileSync } = await import('node:fs');
    const { roleTable } = await import('../src/model/modes/index.js');
    expect(readFileSync('docs/design.md', 'utf8')).toContain(roleTable());
  });
  it.each(SHIPPED)('sweep --vary mode= over all four modes: %s', async (file) => {
    const r = await cli(['sweep', file, '--vary', 'mode=monolithic,ha-monolithic,simple-scalable,microservices']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(1);
    expect(rows.map((x) => x.split(',')[0])).toEqual(['monolithic', 'ha-monolithic', 'simple-scalable', 'microservices']);
  });
  it('a simple-scalable file extended with mode: microservices keeps its read spot share on the read path', () => {
    const s = scenarioOf({ ...BASE, deployment: { mode: 'microservices' }, compute: { ...BASE.compute, spot: { read: 0.5 } } });
    expect(s.compute.spot).toEqual({ querier: 0.5, 'query-frontend': 0.5 });
    expect(() => scenarioOf({ ...BASE, compute: { ...BASE.compute, spot: { nonsense: 0.5 } } })).toThrow(/or a role: write, read/);
  });
  it('growth on a microservices scenario stops where the model stops and says so', async () => {
    const r = await cli(['growth', 'scenarios/ghost-protocol-microservices.yaml', '--months', '6']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/the volume search stopped at .* below the 100 TB\/day asked for/);
  });
  it.each(DEPLOYMENT_MODES)('%s: growth, sensitivity, uncertainty and whatif run', async (mode) => {
    const dir = mkdtempSync(join(tmpdir(), 'lokiplan-modes-'));
    const file = join(dir, `${mode}.yaml`);
    writeFileSync(file, JSON.stringify(doc(mode, { compute: { ...BASE.compute, spot: { read: 0.5 } } })));
    for (const argv of [
      ['growth', file, '--months', '3'],
      ['sensitivity', file],
      ['uncertainty', file, '--input', 'storage.compressionRatio=5..10', '--samples', '50'],
      ['whatif', file, '-o', join(dir, 'w.html')],
    ]) {
      const r = await cli(argv);
      expect(r.code, `${argv[0]}: ${r.stderr}`).toBe(0);
    }
  });
});
