/**
 * Defaults that match the words (issue 12 item 5): a scenario file without `deployment.mode` is
 * planned in `mode: auto`; without `baseline:` it is priced against the same workload on one
 * monolithic Loki (README: "by default, the same workload on one monolithic Loki"); without
 * `query:` the plan warns that the read path is sized for ingest alone.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recommendMode } from '../src/model/sizing.js';
import { cli, planOf, productDefaults } from './helpers.js';

const DOC = { name: 'defaults', region: 'us-east-1', retention: '14 days' };
const codes = (p: { warnings: { code: string }[] }) => p.warnings.map((w) => w.code);

describe('deployment.mode omitted: auto', () => {
  it.each(['10 GB/day', '200 GB/day', '2 TB/day'])('%s: the mode auto recommends, and the plan says it was the default', (volume) => {
    const s = productDefaults({ ...DOC, ingest: { volume }, compute: { instanceTypes: ['m7g.2xlarge', 'm7g.4xlarge'] } });
    const want = recommendMode(s.ingest.bytesPerSecond * 86400, 1);
    expect(s.deployment.mode).toBe(want.mode);
    const p = planOf(s);
    const w = p.warnings.find((x) => x.code === 'mode-auto')!;
    expect(w.message).toBe(`deployment.mode omitted (default auto); ${want.reason}`);
    expect(codes(p)).not.toContain('ssd-deprecated');
  });
  it('an explicit mode is kept, and no default is mentioned', () => {
    const p = planOf(productDefaults({ ...DOC, ingest: { volume: '200 GB/day' }, deployment: { mode: 'simple-scalable' } }));
    expect(p.mode).toBe('simple-scalable');
    expect(p.warnings.map((w) => w.message).join('\n')).not.toMatch(/default auto/);
  });
});

describe('baseline: omitted: the same workload on one monolithic Loki', () => {
  it('is planned beside the scenario, with the same workload', () => {
    const s = productDefaults({ ...DOC, ingest: { volume: '200 GB/day' } });
    expect(s.baselineDefault).toBe(true);
    expect(s.baseline!.deployment.mode).toBe('monolithic');
    const p = planOf(s);
    expect(p.baseline!.mode).toBe('monolithic');
    expect(p.baseline!.workload.avgBytesPerSecond).toBeGreaterThan(0);
    expect(p.baseline!.workload.avgBytesPerSecond).toBe(p.workload.avgBytesPerSecond);
    expect(s.baseline!.retentionDays).toBe(14);
    expect(s.baseline!.name).toBe('defaults (baseline)');
  });
  it('baseline: null means none', () => {
    expect(productDefaults({ ...DOC, ingest: { volume: '200 GB/day' }, baseline: null }).baseline).toBeNull();
  });
  it('a monolithic scenario has no default baseline (it would be itself), also when auto chose monolithic', () => {
    expect(productDefaults({ ...DOC, ingest: { volume: '200 GB/day' }, deployment: { mode: 'monolithic' } }).baseline).toBeNull();
    const auto = productDefaults({ ...DOC, ingest: { volume: '10 GB/day' }, deployment: { failureTolerance: 0 } });
    expect(auto.deployment.mode).toBe('monolithic');
    expect(auto.baseline).toBeNull();
  });
  it('the scenario is checked before its default baseline: an error names the scenario, not "(baseline)"', () => {
    expect(() => productDefaults({ ...DOC, ingest: { volume: '200 GB/day' }, storage: { lifecycle: [{ after: '0 days', class: 'STANDARD' }, { after: '7 days', class: 'STANDARD_IA' }] } }))
      .toThrow(/inline\.yaml: storage\.lifecycle\[1\]\.after/);
  });
  it('a default baseline that cannot be planned is dropped with a warning naming why and the fix; an asked-for one fails', () => {
    // read pods made small enough for r7g.large (2 vCPU), which cannot hold the monolithic pod's 2 CPU request
    const doc = {
      ...DOC, ingest: { volume: '100 GB/day' }, deployment: { mode: 'simple-scalable' },
      targets: { read: { requests: { cpu: 1, memory: '2Gi' }, limits: { cpu: 1, memory: '2Gi' } } },
      compute: { instanceTypes: ['r7g.large'], instanceSizes: 'listed' },
    };
    const p = planOf(productDefaults(doc));
    expect(p.baseline).toBeNull();
    const w = p.warnings.find((x) => x.code === 'no-default-baseline')!;
    expect(w.message).toMatch(/monolithic pod \(2 CPU \/ 4 GiB requested.*\): r7g\.large 1\.78 CPU/);
    expect(w.message).toMatch(/baseline: null/);
    expect(() => planOf(productDefaults({ ...doc, baseline: { mode: 'monolithic' } }))).toThrow(/monolithic pod/);
  });
});

describe('query: omitted: a warning', () => {
  it('names the field and what the plan did instead', () => {
    const p = planOf(productDefaults({ ...DOC, ingest: { volume: '200 GB/day' } }));
    expect(p.warnings.find((w) => w.code === 'no-query-volume')!.message).toMatch(/query\.scannedPerDay.*sized and checked for ingest alone/);
    const q = planOf(productDefaults({ ...DOC, ingest: { volume: '200 GB/day' }, query: { scannedPerDay: '400 GB' } }));
    expect(codes(q)).not.toContain('no-query-volume');
  });
});

describe('on the command line, as a new user writes a first file', () => {
  it('plan shows the mode auto chose and a monolithic baseline column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lokiplan-defaults-'));
    const f = join(dir, 'first.yaml');
    writeFileSync(f, 'name: first\nregion: us-east-1\ningest: { volume: 200 GB/day }\nretention: 14 days\n');
    const r = await cli(['plan', f, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout).plans[0];
    expect(j.mode).toBe('ha-monolithic');
    expect(j.baseline.mode).toBe('monolithic');
    const t = await cli(['plan', f], { env: { COLUMNS: '80' } });
    expect(t.stdout).toMatch(/baseline \(monolithic\) \$/);
    expect(t.stdout).toMatch(/deployment\.mode omitted \(default auto\)/);
  });
});
