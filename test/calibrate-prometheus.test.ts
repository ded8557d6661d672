/**
 * `lokiplan calibrate` against a real Prometheus (issue 28 item 4): a week of Loki v3.7.6 series for
 * a known workload (diurnal peaks, a distributor restart, no query metric) backfilled with promtool
 * and served on 127.0.0.1. No mock stands in for the HTTP API. Skips with a message without
 * Debian's `prometheus` package (.ci/run installs it).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, spawnCliAsync } from './helpers.js';
import { expectedPeakFactor, havePrometheus, meanRatio, startPrometheus, WORKLOAD, workloadOpenMetrics, type RunningPrometheus } from './prometheus-fixture.js';
import { loadScenario } from '../src/scenario/load.js';
import { plan } from '../src/model/plan.js';
import { snapshotBook } from '../src/sources/snapshot.js';
import { httpPrometheus } from '../src/sources/prometheus.js';

const DAY = 86400;
const present = havePrometheus();
if (!present) console.warn('calibrate-prometheus: skipped, `prometheus` and `promtool` are not installed (apt-get install prometheus; .ci/run does)');

// whole hours, an hour in the past: backfilled blocks must not reach into the server's head
const end = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3600;
const start = end - WORKLOAD.windowDays * DAY;

type Fig = { id: string; value: number | null; status: string; promql: string; note: string | null };
type Cal = { figures: Fig[]; problems: string[]; notes: string[]; running: { name: string; component: string; replicas: number; cpuRequest: number | null; memoryRequestBytes: number | null }[]; flushReasons: { reason: string; share: number }[] };
const valueOf = (c: Cal, id: string) => c.figures.find((f) => f.id === id)!;
const within = (got: number | null, want: number, rel: number) => {
  expect(got).not.toBeNull();
  expect(Math.abs(got! - want) / want, `${got} vs ${want}`).toBeLessThanOrEqual(rel);
};

describe.skipIf(!present)('calibrate against a real Prometheus', () => {
  let prom: RunningPrometheus;
  let dir: string;
  const SECRET = 'pa55-word-never-printed';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lokiplan-cal-'));
    prom = (await startPrometheus(workloadOpenMetrics(start, end)))!;
  }, 120_000);
  afterAll(async () => {
    await prom?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  let cal: Cal;
  let run: Awaited<ReturnType<typeof cli>>;
  const file = () => join(dir, 'calibrated.yaml');
  it('measures the workload the series were generated from', async () => {
    run = await cli(['calibrate', '--prometheus', prom.url, '--end', String(end), '--namespace', 'loki', '--format', 'json', '--out', file()], {
      env: { LOKIPLAN_PROMETHEUS_USER: 'planner', LOKIPLAN_PROMETHEUS_PASSWORD: SECRET },
    });
    expect(run.stderr).toMatch(/^wrote .*calibrated\.yaml \(1 figure not measured/);
    expect(run.code).toBe(0);
    cal = JSON.parse(run.stdout);
    within(valueOf(cal, 'gbPerDay').value, (WORKLOAD.bytesPerSecond * DAY) / 1e9, 0.01);
    within(valueOf(cal, 'peakFactor').value, expectedPeakFactor(start, end), 0.05);
    within(valueOf(cal, 'streams').value, WORKLOAD.streams, 0.02);
    within(valueOf(cal, 'compressionRatio').value, meanRatio, 0.05);
    within(valueOf(cal, 'avgLineSize').value, WORKLOAD.avgLineSize, 0.01);
    within(valueOf(cal, 'storedCopies').value, WORKLOAD.storedCopies, 0.05);
    within(valueOf(cal, 'chunkSize').value, WORKLOAD.chunkBytes, 0.05);
    expect(valueOf(cal, 'replicationFactor').value).toBe(WORKLOAD.replicationFactor);
    expect(valueOf(cal, 'retentionDays').value).toBe(WORKLOAD.retentionHours / 24);
    // the diurnal swing is visible: the highest stream count is above the average
    expect(valueOf(cal, 'streamsMax').value!).toBeGreaterThan(valueOf(cal, 'streams').value! * 1.01);
    for (const [reason, share] of Object.entries(WORKLOAD.flushShares)) within(cal.flushReasons.find((r) => r.reason === reason)?.share ?? null, share, 0.01);
  });

  it('names the missing metric, leaves its figure unset and reports the counter reset', () => {
    const q = valueOf(cal, 'queryScannedPerDay');
    expect(q.value).toBeNull();
    expect(q.status).toBe('missing');
    expect(cal.problems.join('\n')).toMatch(/loki_chunk_store_fetched_chunk_bytes_total: no series/);
    expect(cal.notes.join('\n')).toMatch(/loki_distributor_bytes_received_total: 1 counter reset/);
  });

  it('what runs today: replicas and requests per Loki component from kube-state-metrics', () => {
    const ing = cal.running.find((w) => w.name === 'loki-ingester')!;
    expect(ing).toMatchObject({ component: 'ingester', replicas: 4, cpuRequest: 2, memoryRequestBytes: 8 * 2 ** 30 });
    expect(cal.running.find((w) => w.name === 'loki-distributor')).toMatchObject({ component: 'distributor', replicas: 2, cpuRequest: 1 });
    expect(cal.running.map((w) => w.name)).not.toContain('grafana');
  });

  it('every figure carries PromQL that gives the same value when pasted into Prometheus', async () => {
    const api = httpPrometheus(prom.url, {});
    for (const f of cal.figures.filter((x) => x.status === 'measured')) {
      const r = await api.query(f.id === 'retentionDays' ? f.promql : f.promql, new Date(end * 1000));
      expect(r.length, f.promql).toBeGreaterThan(0);
      if (f.id !== 'retentionDays') expect(r[0]!.value).toBeCloseTo(f.value!, 6);
    }
  });

  it('its scenario loads through the normal loader and plans with no edits', async () => {
    const text = readFileSync(file(), 'utf8');
    expect(text).not.toContain(SECRET);
    const s = loadScenario(file(), (p) => readFileSync(p, 'utf8'));
    expect(s.ingest.peakFactor).toBeCloseTo(valueOf(cal, 'peakFactor').value!, 3);
    expect(s.ingest.streams).toBe(Math.round(valueOf(cal, 'streams').value!));
    expect(s.storage.compressionRatio).toBeCloseTo(valueOf(cal, 'compressionRatio').value!, 3);
    expect(s.retentionDays).toBe(30);
    const p = plan(s, snapshotBook);
    expect(p.workload.bytesPerDay / 1e9).toBeCloseTo(valueOf(cal, 'gbPerDay').value!, 0);
    expect(p.totals.monthly).toBeGreaterThan(0);
    const r = await cli(['plan', file()]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // the unmeasured field is a comment that says so, not a value
    expect(text).toMatch(/^# scannedPerDay: NOT MEASURED, missing \(loki_chunk_store_fetched_chunk_bytes_total/m);
  });

  it('the table fits 80 columns and credentials never show', async () => {
    const r = await cli(['calibrate', '--prometheus', prom.url, '--end', String(end)], { env: { COLUMNS: '80', LOKIPLAN_PROMETHEUS_TOKEN: SECRET } });
    expect(r.code).toBe(0);
    for (const l of r.stdout.split('\n')) expect(stringWidth(l), l).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/^ingest per day +\d/m);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('the bundle, spawned as users run it, measures the same', async () => {
    const r = await spawnCliAsync(['calibrate', '--prometheus', prom.url, '--end', String(end), '--namespace', 'loki', '--format', 'json']);
    expect(r.code).toBe(0);
    const spawned: Cal = JSON.parse(r.stdout);
    expect(spawned.figures.map((f) => [f.id, f.value])).toEqual(cal.figures.map((f) => [f.id, f.value]));
  });

  it('plan --observed: what runs today beside what the plan sizes, and the chunks beside the model', async () => {
    const obs = join(dir, 'observed.json');
    writeFileSync(obs, run.stdout);
    const t = await cli(['plan', file(), '--observed', obs], { env: { COLUMNS: '80' } });
    expect(t.code).toBe(0);
    const section = t.stdout.slice(t.stdout.indexOf('Modelled against observed'), t.stdout.indexOf('\nCost lines'));
    for (const l of section.split('\n')) expect(stringWidth(l), l).toBeLessThanOrEqual(80);
    expect(section).toMatch(/loki-ingester\* +4 +2 \/ 8\n/);
    expect(section).toMatch(/^  ingest per day +1000 GB +1000 GB +0%$/m);
    expect(section).toMatch(/^  flush reasons: observed full 60%, max_age 30%, idle 10%\n +model [a-z_]+ \d/m);
    // JSON: the design's SSD plan, where today's microservices play the write, read and backend roles
    const j = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--observed', obs, '--format', 'json']);
    expect(j.code).toBe(0);
    const o = JSON.parse(j.stdout).plans[0].observed;
    const write = o.targets.find((x: { target: string }) => x.target === 'write');
    expect(write.planned.replicas).toBeGreaterThan(0);
    expect(write.running).toEqual(
      expect.arrayContaining([
        { workload: 'loki-ingester', component: 'ingester', by: 'role', replicas: 4, cpu: 2, memoryGiB: 8 },
        { workload: 'loki-distributor', component: 'distributor', by: 'role', replicas: 2, cpu: 1, memoryGiB: 1 },
      ]),
    );
    const comp = o.figures.find((f: { what: string }) => f.what === 'compression ratio');
    expect(comp.modelled).toBe('5');
    within(comp.difference + 1, meanRatio / 5, 0.05);
  });

  const noFile = (name: string) => expect(existsSync(join(dir, name))).toBe(false);
  it('missing ingest metrics: one line per metric, exit 2, nothing written', async () => {
    const r = await cli(['calibrate', '--prometheus', prom.url, '--end', String(end), '--selector', 'namespace="elsewhere"', '--out', join(dir, 'none.yaml')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^lokiplan: loki_distributor_bytes_received_total: no series matching .*namespace="elsewhere"/);
    expect(lines[1]).toMatch(/^lokiplan: loki_distributor_lines_received_total: no series/);
    expect(r.stdout).toBe('');
    noFile('none.yaml');
  });

  it('an HTTP error: one line naming the URL, exit 2, nothing written', async () => {
    const r = await cli(['calibrate', '--prometheus', `${prom.url}/not-prometheus`, '--end', String(end), '--out', join(dir, 'none.yaml')], { env: { LOKIPLAN_PROMETHEUS_TOKEN: SECRET } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`lokiplan: Prometheus at ${prom.url}/not-prometheus/api/v1/query answered HTTP 404 Not Found\n`);
    noFile('none.yaml');
  });

  it('less than a day of data in the window is refused by name', async () => {
    const r = await cli(['calibrate', '--prometheus', prom.url, '--end', String(start + DAY / 2), '--out', join(dir, 'none.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lokiplan: loki_distributor_bytes_received_total: data covers 12\.0 h of the 7d window .*needs at least a day/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    noFile('none.yaml');
  });
});

describe('calibrate without a server', () => {
  it('an unreachable server: one line naming the URL, exit 2, no credential, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lokiplan-cal-'));
    // a port from the kernel, closed again: nothing listens there
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((ok) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const a = s.address() as { port: number };
        s.close(() => ok(a.port));
      });
    });
    const r = await cli(['calibrate', '--prometheus', `http://127.0.0.1:${port}`, '--out', join(dir, 'x.yaml')], { env: { LOKIPLAN_PROMETHEUS_TOKEN: 'tok-ABCDEFGH-secret' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`lokiplan: cannot reach Prometheus at http://127.0.0.1:${port}/api/v1/query: ECONNREFUSED\n`);
    expect(existsSync(join(dir, 'x.yaml'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('plan --observed with a file that is not a calibration: one line naming file and field, exit 2, content not quoted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lokiplan-cal-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'lokiplan-calibration/1', prometheus: 'SECRET-CONTENT', window: 'nope' }));
    let r = await cli(['plan', 'scenarios/monolithic.yaml', '--observed', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`lokiplan: ${bad}: window: Invalid input: expected object (expected the output of lokiplan calibrate --format json)\n`);
    writeFileSync(bad, 'SECRET-CONTENT not json');
    r = await cli(['plan', 'scenarios/monolithic.yaml', '--observed', bad]);
    expect(r.stderr).toBe(`lokiplan: ${bad}: not JSON (expected the output of lokiplan calibrate --format json)\n`);
    expect(r.stdout).toBe('');
    // a format that cannot show it says so rather than leaving it out
    r = await cli(['plan', 'scenarios/monolithic.yaml', '--observed', bad, '--format', 'md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lokiplan: --observed shows in --format table and json (plan.txt and plan.json under --out), not in --format md\n');
    rmSync(dir, { recursive: true, force: true });
  });

  it('credentials in the URL are refused without being printed', async () => {
    const r = await cli(['calibrate', '--prometheus', 'http://admin:hunter2-secret@127.0.0.1:9/']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lokiplan: --prometheus must not carry credentials in the URL; set LOKIPLAN_PROMETHEUS_TOKEN/);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('bad options are one line each, before any request', async () => {
    for (const [args, re] of [
      [['--window', '12h'], /--window must be a duration from 1d to 90d/],
      [['--selector', 'namespace=loki'], /--selector must be PromQL label matchers/],
      [['--end', 'yesterday'], /--end must be an RFC 3339 time/],
      [['--replication-factor', '0'], /--replication-factor must be a whole number from 1 to 9/],
    ] as const) {
      const r = await cli(['calibrate', '--prometheus', 'http://127.0.0.1:9', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
