import { describe, expect, it } from 'vitest';
import { check } from '../src/model/check.js';
import { BASE, cli, planOf, scenarioFile, scenarioOf } from './helpers.js';

const checkOf = (s: ReturnType<typeof scenarioOf>) => check(s, planOf(s));
const failing = (c: ReturnType<typeof checkOf>) => c.rows.filter((r) => r.status === 'fail');

describe('check: the reference design as designed, for its own 50,000 lines/s', () => {
  const c = checkOf(scenarioFile('scenarios/ghost-protocol-as-designed.yaml'));
  it('does not hold, and says what binds', async () => {
    expect(c.holds).toBe(false);
    const write = failing(c).find((r) => r.target === 'write' && r.case === 'failure-tolerance')!;
    // 500m / 1Gi of a 1 CPU / 6 GB profile pod: memory binds, 1/6 of 3 MiB/s each, 2 left
    expect(write.binding).toBe('memory request');
    expect(write.capacity).toBeCloseTo((2 * 3 * 2 ** 20) / 6, 3);
    expect(write.headroom!).toBeLessThan(-0.9);
    expect(failing(c).some((r) => r.target === 'backend' && r.binding === 'replicas')).toBe(true);
  });
  it("Loki's default ingestion_rate_mb (4 MB/s) rejects the peak and must be raised", async () => {
    const rate = c.rows.find((r) => r.condition === 'ingestion_rate_mb')!;
    expect(rate.status).toBe('fail');
    expect(rate.capacity).toBe(4 * 2 ** 20);
    expect(c.fixes.join('\n')).toMatch(/raise ingestion_rate_mb to \d+/);
  });
});

describe('check: planned deployments', () => {
  it('the microservices plan for the same workload holds with a replica lost and with a zone lost', async () => {
    const c = checkOf(scenarioFile('scenarios/ghost-protocol-microservices.yaml'));
    expect(failing(c)).toEqual([]);
    expect(c.holds).toBe(true);
    expect(c.rows.some((r) => r.case === 'zone-loss' && r.binding === 'write quorum' && r.status === 'ok')).toBe(true);
    for (const r of c.rows.filter((x) => x.unit === 'bytes/s' && x.target !== 'tenant')) expect(r.headroom!).toBeGreaterThanOrEqual(0);
  });
  it('the simple-scalable plan survives a replica lost but not a zone: its ring is not zone-aware', async () => {
    const c = checkOf(scenarioFile('scenarios/ghost-protocol.yaml'));
    expect(c.rows.filter((r) => r.case === 'failure-tolerance' && r.status === 'fail')).toEqual([]);
    const q = failing(c).find((r) => r.case === 'zone-loss' && r.binding === 'write quorum')!;
    expect(q.detail).toMatch(/not zone-aware/);
  });
  it('an undersized write path fails; the planned one passes', async () => {
    const under = checkOf(scenarioOf({ ...BASE, deployment: { zones: 1 }, targets: { write: { replicas: 3 } } }));
    const planned = checkOf(scenarioOf({ ...BASE, deployment: { zones: 1 } }));
    expect(failing(under).some((r) => r.target === 'write' && r.case === 'failure-tolerance' && r.binding === 'throughput per pod')).toBe(true);
    expect(planned.rows.filter((r) => r.case !== 'zone-loss' && r.status === 'fail')).toEqual([]);
  });
  it('stream limits are checked when the scenario gives the stream count', async () => {
    const c = checkOf(scenarioOf({ ...BASE, ingest: { volume: '1 TB/day', streams: 20000 }, limits: { max_global_streams_per_user: 5000 } }));
    const streams = c.rows.find((r) => r.condition === 'max_global_streams_per_user')!;
    expect(streams.status).toBe('fail');
    expect(streams.demand).toBe(20000);
    const open = checkOf(scenarioOf(BASE));
    expect(open.rows.find((r) => r.condition === 'per_stream_rate_limit')!.status).toBe('unchecked');
  });
  it('per_stream_rate_limit: 3MB is 3 MiB as Loki reads it', async () => {
    const s = scenarioOf({ ...BASE, limits: { per_stream_rate_limit: '3MB' } });
    expect(s.limits.values.perStreamRateLimitBytes).toBe(3 * 2 ** 20);
  });
});

describe('lokiplan check (CLI)', () => {
  it('exit 1 and the reasons for the design as designed', async () => {
    const r = (await cli(['check', 'scenarios/ghost-protocol-as-designed.yaml']));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DOES NOT HOLD/);
    expect(r.stdout).toMatch(/memory request/);
    expect(r.stdout).toMatch(/ingestion_rate_mb/);
  });
  it('exit 0 for the planned microservices deployment, JSON on request', async () => {
    const r = (await cli(['check', 'scenarios/ghost-protocol-microservices.yaml', '--format', 'json']));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.holds).toBe(true);
    expect(j.rows[0]).toHaveProperty('binding');
    expect(j.rows[0]).toHaveProperty('headroom');
  });
});
