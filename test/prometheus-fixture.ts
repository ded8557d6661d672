/**
 * A real Prometheus for the calibration tests: a known Loki workload written as OpenMetrics (a week of
 * the series Loki v3.7.6 exports, with diurnal peaks, a counter reset and a missing metric),
 * backfilled with `promtool tsdb create-blocks-from openmetrics`, served by `prometheus` on
 * 127.0.0.1 at a free port with no scrape targets. Absent binaries make `startPrometheus` return
 * null (the tests skip with a message); the server is killed by `stop()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DAY = 86400;

/** The workload the series describe: what calibration must recover. */
export const WORKLOAD = {
  /** mean raw ingest, bytes/s (= 1,000 GB/day) */
  bytesPerSecond: 1e12 / DAY,
  avgLineSize: 400,
  /** diurnal swing: rate x (1 + A sin(2 pi t / day)) */
  amplitude: 0.6,
  streams: 20000,
  /** streams swing +-2% with the day, around `streams` */
  streamSwing: 0.02,
  replicationFactor: 3,
  ingesters: 4,
  distributors: 2,
  /** every flushed chunk's compression ratio is one of these, in turn (mean 8) */
  ratios: [5.5, 7, 8, 9.5, 10],
  storedCopies: 1.5,
  chunkBytes: 1_200_000,
  retentionHours: 720,
  flushShares: { full: 0.6, max_age: 0.3, idle: 0.1 } as Record<string, number>,
  windowDays: 7,
} as const;

export const meanRatio = WORKLOAD.ratios.reduce((a, b) => a + b, 0) / WORKLOAD.ratios.length;

const rateAt = (t: number, start: number) => WORKLOAD.bytesPerSecond * (1 + WORKLOAD.amplitude * Math.sin((2 * Math.PI * (t - start)) / DAY));
/** bytes received from `start` to `t` (the integral of rateAt) */
const bytesUntil = (t: number, start: number) =>
  WORKLOAD.bytesPerSecond * (t - start + (WORKLOAD.amplitude * DAY) / (2 * Math.PI) * (1 - Math.cos((2 * Math.PI * (t - start)) / DAY)));

/**
 * The peak factor of the known workload under calibration's definition: the 0.99 quantile (linear
 * interpolation between closest ranks, as PromQL's quantile_over_time) of the 5-minute average rates
 * at 5-minute steps over the window, over the mean rate.
 */
export function expectedPeakFactor(start: number, end: number): number {
  const rates: number[] = [];
  for (let t = end; t - 300 >= start; t -= 300) rates.push((bytesUntil(t, start) - bytesUntil(t - 300, start)) / 300);
  rates.sort((a, b) => a - b);
  const rank = 0.99 * (rates.length - 1);
  const lo = Math.floor(rank);
  const v = rates[lo]! + (rates[Math.min(lo + 1, rates.length - 1)]! - rates[lo]!) * (rank - lo);
  return v / WORKLOAD.bytesPerSecond;
}

type Series = { labels: Record<string, string>; points: [number, number][] };
type Family = { name: string; type: 'counter' | 'gauge' | 'histogram'; series: Series[] };

const lbl = (l: Record<string, string>) => `{${Object.entries(l).map(([k, v]) => `${k}="${v}"`).join(',')}}`;

function openMetrics(families: Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# TYPE ${f.name} ${f.type}`);
    for (const s of f.series) {
      for (const [t, v] of s.points) out.push(`${f.type === 'counter' ? `${f.name}_total` : f.name}${lbl(s.labels)} ${v} ${t}`);
    }
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

/** One histogram family's series for `n(t)` observations per step, cycling through `values`. */
function histogram(name: string, buckets: number[], values: readonly number[], times: number[], observedBy: (t: number) => number, labels: Record<string, string>[]): string {
  const lines: string[] = [`# TYPE ${name} histogram`];
  // after N observations, value j has been observed floor(N / len) times, plus one if j < N mod len
  const seen = (N: number, j: number) => Math.floor(N / values.length) + (j < N % values.length ? 1 : 0);
  for (const l of labels) {
    const totals: number[] = [];
    let N = 0;
    for (const t of times) totals.push((N += observedBy(t)));
    for (const b of [...buckets, Infinity]) {
      const le = b === Infinity ? '+Inf' : String(b);
      times.forEach((t, k) => lines.push(`${name}_bucket${lbl({ ...l, le })} ${values.reduce((a, v, j) => a + (v <= b ? seen(totals[k]!, j) : 0), 0)} ${t}`));
    }
    times.forEach((t, k) => lines.push(`${name}_sum${lbl(l)} ${values.reduce((a, v, j) => a + v * seen(totals[k]!, j), 0)} ${t}`));
    times.forEach((t, k) => lines.push(`${name}_count${lbl(l)} ${totals[k]} ${t}`));
  }
  return lines.join('\n');
}

const linear = (start: number, width: number, n: number) => Array.from({ length: n }, (_, i) => Number((start + i * width).toFixed(6)));
const exponential = (start: number, f: number, n: number) => Array.from({ length: n }, (_, i) => start * f ** i);

/**
 * The OpenMetrics text of the workload for [start, end] (unix seconds). `missing` names metrics
 * left out (by default the querier's chunk-store fetch counter: no queries were recorded).
 */
export function workloadOpenMetrics(start: number, end: number, o: { missing?: string[] } = {}): string {
  const missing = new Set(o.missing ?? ['loki_chunk_store_fetched_chunk_bytes']);
  const W = WORKLOAD;
  const times = (step: number) => {
    const ts: number[] = [];
    for (let t = end; t >= start; t -= step) ts.push(t);
    return ts.reverse();
  };
  const fine = times(60);
  const medium = times(120);
  const coarse = times(600);
  const slow = times(1800);
  const families: Family[] = [];
  const reset = start + 3.5 * DAY + 37; // distributor-1 restarts half-way through the week
  const dist = (i: number) => ({ namespace: 'loki', job: 'loki/distributor', pod: `loki-distributor-${i}` });
  // each distributor receives half; distributor 1's counter restarts from zero at `reset`
  const counterAt = (i: number, t: number, per: (t: number) => number) => (i === 1 && t >= reset ? per(t) - per(reset) : per(t)) / W.distributors;
  const bytes = (t: number) => bytesUntil(t, start);
  const lines = (t: number) => bytesUntil(t, start) / W.avgLineSize;
  families.push({
    name: 'loki_distributor_bytes_received',
    type: 'counter',
    series: [0, 1].map((i) => ({ labels: { ...dist(i), tenant: 'fake', retention_hours: String(W.retentionHours), is_internal_stream: 'false', policy: '', format: 'loki' }, points: fine.map((t) => [t, Math.round(counterAt(i, t, bytes))]) })),
  });
  families.push({
    name: 'loki_distributor_lines_received',
    type: 'counter',
    series: [0, 1].map((i) => ({ labels: { ...dist(i), tenant: 'fake', is_internal_stream: 'false', policy: '', format: 'loki' }, points: fine.map((t) => [t, Math.round(counterAt(i, t, lines))]) })),
  });
  families.push({ name: 'loki_distributor_replication_factor', type: 'gauge', series: [0, 1].map((i) => ({ labels: dist(i), points: coarse.map((t) => [t, W.replicationFactor]) })) });
  const ing = (i: number) => ({ namespace: 'loki', job: 'loki/ingester', pod: `loki-ingester-${i}` });
  const streamsHeld = (t: number) => (W.streams * W.replicationFactor * (1 + W.streamSwing * Math.sin((2 * Math.PI * (t - start)) / DAY))) / W.ingesters;
  families.push({ name: 'loki_ingester_memory_streams', type: 'gauge', series: [0, 1, 2, 3].map((i) => ({ labels: { ...ing(i), tenant: 'fake' }, points: medium.map((t) => [t, Math.round(streamsHeld(t))]) })) });
  families.push({ name: 'loki_ingester_streams_created', type: 'counter', series: [0, 1, 2, 3].map((i) => ({ labels: { ...ing(i), tenant: 'fake' }, points: coarse.map((t) => [t, Math.round(((t - start) / DAY) * 5000)]) })) });
  // chunks: flushed (per ingester) = RF x compressed bytes / chunk size; 30-minute steps
  const chunksPerStep = Math.round(((W.bytesPerSecond * 1800) / meanRatio / W.chunkBytes) * W.replicationFactor / W.ingesters);
  const flushedBy = (t: number) => (t === start ? 0 : chunksPerStep);
  const om = [openMetrics(families).replace(/# EOF\n$/, '')];
  const ingLabels = [0, 1, 2, 3].map(ing);
  om.push(histogram('loki_ingester_chunk_compression_ratio', linear(0.75, 2, 10), W.ratios, slow, flushedBy, ingLabels));
  om.push(histogram('loki_ingester_chunk_size_bytes', exponential(20000, 2, 10), [W.chunkBytes * 0.8, W.chunkBytes * 1.2], slow, flushedBy, ingLabels));
  om.push(histogram('loki_ingester_chunk_utilization', linear(0, 0.2, 6), [0.6, 0.9], slow, flushedBy, ingLabels));
  const more: Family[] = [];
  more.push({
    name: 'loki_ingester_chunks_flushed',
    type: 'counter',
    series: ingLabels.flatMap((l) => Object.entries(W.flushShares).map(([reason, share]) => ({ labels: { ...l, reason }, points: slow.map((t, k) => [t, Math.round(k * chunksPerStep * share)] as [number, number]) }))),
  });
  // the chunk store writes storedCopies of every compressed byte (replica dedupe took the rest)
  more.push({
    name: 'loki_chunk_store_stored_chunk_bytes',
    type: 'counter',
    series: ingLabels.map((l) => ({ labels: { ...l, user: 'fake' }, points: slow.map((t) => [t, Math.round((bytes(t) / meanRatio) * W.storedCopies / W.ingesters)] as [number, number]) })),
  });
  more.push({
    name: 'loki_chunk_store_fetched_chunk_bytes',
    type: 'counter',
    series: [{ labels: { namespace: 'loki', job: 'loki/querier', pod: 'loki-querier-0', user: 'fake' }, points: coarse.map((t) => [t, Math.round(((t - start) / DAY) * 2e11)] as [number, number]) }],
  });
  // kube-state-metrics (its own job; `namespace` is the object's namespace)
  const ksm = { job: 'kube-state-metrics', namespace: 'loki' };
  more.push({ name: 'kube_statefulset_replicas', type: 'gauge', series: [['loki-ingester', 4], ['loki-index-gateway', 2]].map(([n, r]) => ({ labels: { ...ksm, statefulset: String(n) }, points: coarse.map((t) => [t, Number(r)] as [number, number]) })) });
  more.push({ name: 'kube_deployment_spec_replicas', type: 'gauge', series: [['loki-distributor', 2], ['loki-querier', 3], ['grafana', 1]].map(([n, r]) => ({ labels: { ...ksm, deployment: String(n) }, points: coarse.map((t) => [t, Number(r)] as [number, number]) })) });
  const pods: [string, number, number][] = [
    ...[0, 1, 2, 3].map((i) => [`loki-ingester-${i}`, 2, 8 * 2 ** 30] as [string, number, number]),
    ['loki-distributor-5d8f7c9b4-x2x7q', 1, 1 * 2 ** 30],
    ['loki-distributor-5d8f7c9b4-k9r2m', 1, 1 * 2 ** 30],
    ['loki-querier-6b7c8d9f5-abcde', 0.5, 2 * 2 ** 30],
  ];
  more.push({
    name: 'kube_pod_container_resource_requests',
    type: 'gauge',
    series: pods.flatMap(([pod, cpu, mem]) => [
      { labels: { ...ksm, pod, container: 'loki', resource: 'cpu', unit: 'core' }, points: coarse.map((t) => [t, cpu] as [number, number]) },
      { labels: { ...ksm, pod, container: 'loki', resource: 'memory', unit: 'byte' }, points: coarse.map((t) => [t, mem] as [number, number]) },
    ]),
  });
  om.push(openMetrics(more.filter((f) => !missing.has(f.name))).replace(/# EOF\n$/, ''));
  const text = `${om.map((s) => s.replace(/\n+$/, '')).join('\n')}\n# EOF\n`;
  // leave out whole families by name (histograms are written above, never missing here)
  return missing.size ? text.split('\n').filter((l) => ![...missing].some((m) => l.startsWith(`${m}_`) || l === `# TYPE ${m} counter` || l === `# TYPE ${m} gauge`)).join('\n') : text;
}

export const havePrometheus = (): boolean => ['prometheus', 'promtool'].every((b) => spawnSync('which', [b], { encoding: 'utf8' }).status === 0);

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

export interface RunningPrometheus {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Backfill `openmetrics` into a fresh TSDB and serve it; null when the binaries are absent. */
export async function startPrometheus(openmetricsText: string): Promise<RunningPrometheus | null> {
  if (!havePrometheus()) return null;
  const dir = mkdtempSync(join(tmpdir(), 'lokiplan-prom-'));
  const data = join(dir, 'data');
  writeFileSync(join(dir, 'series.om'), openmetricsText);
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
  const bf = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=168h', join(dir, 'series.om'), data], { encoding: 'utf8', timeout: 120_000 });
  if (bf.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`promtool backfill failed: ${bf.stderr.slice(-800)}`);
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${data}`,
        '--storage.tsdb.retention.time=3650d',
        `--web.listen-address=127.0.0.1:${port}`,
        '--query.lookback-delta=5m',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    };
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        const r = await fetch(`${url}/-/ready`);
        if (r.status === 200) return { url, port, stop };
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    if (child.exitCode === null) {
      await stop();
      throw new Error(`prometheus did not become ready within 60 s: ${log.slice(-800)}`);
    }
    // exited early: most likely the port was taken between freePort() and the bind; try another
    if (!/address already in use/.test(log)) {
      await stop();
      throw new Error(`prometheus exited: ${log.slice(-800)}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('prometheus: no free port after 5 attempts');
}
