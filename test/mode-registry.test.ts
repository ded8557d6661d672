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
      // the write/read replica columns are filled in every mode
      expect(cells[cols.indexOf('writeReplicas')], r).toMatch(/^\d+$/);
      expect(cells[cols.indexOf('readReplicas')], r).toMatch(/^\d+$/);
    }

    const helm = await cli(['helm-values', file]);
    expect(helm.code, helm.stderr).toBe(0);
    const values = parse(helm.stdout) as Record<string, unknown>;
    expect(values['deploymentMode']).toBe(deploymentModeValue(CHARTS.community, mode));
    for (const t of spec.targets) expect(values[t.helm.key], t.helm.key).toBeTruthy();
    for (const k of spec.helm.off) expect(values[k]).toEqual({ replicas: 0 });
  });
});
