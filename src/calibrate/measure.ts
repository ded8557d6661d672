/**
 * Calibration: what a running Loki really does, measured from its Prometheus metrics over a window
 * (issue 28). Pure but for the PromApi it is given: every figure is one PromQL expression evaluated
 * at the window's end, kept beside the figure so a user can paste it into Prometheus and get the
 * same number. A metric that is absent, empty or implausible is reported by name and its figure
 * left unset, never guessed; without the ingest counters there is nothing to calibrate (an error).
 *
 * Definitions (stated in the output):
 * - average rates: increase() over the window / the window (increase() counts across counter resets);
 * - peak: the 0.99 quantile of the 5-minute rates over the window (a subquery at a 5-minute step),
 *   so a single burst does not set it; peak factor = peak / average;
 * - unique streams: the window's average of the streams all ingesters hold / the replication factor;
 * - compression, chunk size, utilisation: the mean per flushed chunk (histogram _sum / _count);
 * - stored copies: compressed bytes written to the store x compression / bytes received;
 * - query bytes: chunk bytes fetched from the store x compression (cache hits are not counted).
 */
import { InputErrors, SourceError } from '../errors.js';
import type { PromApi, PromSample } from '../sources/prometheus.js';
import { LIMITS } from '../model/coverage.js';
import { METRICS, REQUIRED, type MetricId } from './metrics.js';

export interface CalibrateInput {
  /** the window's end (its last instant) */
  end: Date;
  windowSeconds: number;
  /** PromQL label matchers for the Loki metrics, e.g. `namespace="loki"`; '' for none */
  selector: string;
  tenant: string | null;
  /** the Kubernetes namespace of the Loki workloads, for kube-state-metrics; null: workloads named *loki* */
  namespace: string | null;
  /** the replication factor when Loki does not expose it */
  replicationFactor: number | null;
  /** the retention in days when Loki's retention_hours label does not give one */
  retentionDays: number | null;
}

/** Every figure a calibration holds, in the order it shows them. */
export const FIGURE_IDS = [
  'bytesPerSecond',
  'gbPerDay',
  'linesPerSecond',
  'avgLineSize',
  'peakBytesPerSecond',
  'peakFactor',
  'retentionDays',
  'replicationFactor',
  'streams',
  'streamsMax',
  'streamsCreatedPerDay',
  'compressionRatio',
  'chunkSize',
  'chunkUtilization',
  'storedCopies',
  'queryScannedPerDay',
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

export type FigureStatus = 'measured' | 'given' | 'missing' | 'implausible';

export interface Figure {
  id: FigureId;
  label: string;
  unit: string;
  value: number | null;
  status: FigureStatus;
  /** the PromQL that gives the value at the window's end ('' for a value given on the command line) */
  promql: string;
  /** why it is missing or implausible, or how to read it */
  note: string | null;
}

export interface RunningWorkload {
  /** Deployment or StatefulSet name */
  name: string;
  kind: 'Deployment' | 'StatefulSet';
  /** the Loki component its name says (a target name of some mode), or null */
  component: string | null;
  replicas: number;
  /** mean per pod over its running pods (null: no pod with requests found) */
  cpuRequest: number | null;
  memoryRequestBytes: number | null;
}

export interface Calibration {
  format: 'lokiplan-calibration/1';
  prometheus: string;
  window: { start: string; end: string; seconds: number; promql: string };
  selector: string;
  tenant: string | null;
  namespace: string | null;
  /** seconds of the window with ingest data (5-minute steps) */
  coveredSeconds: number;
  figures: Figure[];
  flushReasons: { reason: string; chunks: number; share: number }[];
  /** bytes received by retention period (label retention_hours; '' is none) */
  retentionShares: { hours: string; share: number }[];
  running: RunningWorkload[];
  runningPromql: string[];
  /** every figure left unset or refused, by name, one line each */
  problems: string[];
  /** facts worth knowing that change no figure (counter resets, gaps, tenant scope) */
  notes: string[];
}

const DAY = 86400;
const STEP = '5m';
const STEP_SECONDS = 300;
/** a quantile of 5-minute rates as the peak */
export const PEAK_QUANTILE = 0.99;

/** A PromQL duration for whole seconds: 7d, 36h, 90m, 45s. */
export function promDuration(seconds: number): string {
  for (const [unit, n] of [['d', DAY], ['h', 3600], ['m', 60]] as const) if (seconds % n === 0) return `${seconds / n}${unit}`;
  return `${seconds}s`;
}

/** A PromQL string literal (double-quoted, escaped). */
export const promString = (s: string): string => JSON.stringify(s);

const MATCHER = /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"(?:[^"\\\n]|\\.)*"\s*$/;

/** Check `--selector`: comma-separated label matchers (name op "value"); returns them joined, or ''. */
export function checkSelector(s: string): string {
  const t = s.trim().replace(/^\{/, '').replace(/\}$/, '').trim();
  if (t === '') return '';
  const parts: string[] = [];
  // split on commas outside quotes
  let cur = '';
  let quoted = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === '\\' && quoted) {
      cur += c + (t[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  for (const p of parts) {
    if (!MATCHER.test(p)) throw new SourceError(`--selector must be PromQL label matchers such as namespace="loki",job=~"loki.*", got ${JSON.stringify(p.trim()).slice(0, 80)}`);
  }
  return parts.map((p) => p.trim()).join(',');
}

const vectorOf = (ms: (string | null)[]): string => {
  const m = ms.filter((x): x is string => !!x);
  return m.length ? `{${m.join(',')}}` : '';
};

/** Wraps the API: every query remembered with its answer, and the builders of the selectors. */
class Reader {
  readonly W: string;
  constructor(
    readonly api: PromApi,
    readonly i: CalibrateInput,
  ) {
    this.W = promDuration(i.windowSeconds);
  }
  /** the selector of a metric: --selector, and the tenant on the metric's own tenant label */
  sel(id: MetricId, suffix = ''): string {
    const m = METRICS[id];
    const tenant = this.i.tenant !== null && m.tenantLabel ? `${m.tenantLabel}=${promString(this.i.tenant)}` : null;
    if (m.kube) return `${m.name}${suffix}${vectorOf([this.i.namespace !== null ? `namespace=${promString(this.i.namespace)}` : null])}`;
    return `${m.name}${suffix}${vectorOf([this.i.selector || null, tenant])}`;
  }
  async q(promql: string): Promise<PromSample[]> {
    return this.api.query(promql, this.i.end);
  }
  /** one number, or null when the result is empty (or NaN: 0/0 over an idle window) */
  async scalar(promql: string): Promise<number | null> {
    const r = await this.q(promql);
    if (r.length === 0) return null;
    if (r.length > 1) throw new SourceError(`${this.api.where}: expected one series from ${promql.slice(0, 120)}, got ${r.length}`);
    const v = r[0]!.value;
    return Number.isFinite(v) ? v : null;
  }
}

type Fig = Omit<Figure, 'status' | 'note'> & { status?: FigureStatus; note?: string | null };
const fig = (f: Fig): Figure => ({ status: f.value === null ? 'missing' : 'measured', note: null, ...f });

/** Loki component names a workload's name may end with, longest first (from the mode registry). */
export function componentOf(workload: string, components: readonly string[]): string | null {
  const byLength = [...components].sort((a, b) => b.length - a.length);
  for (const c of byLength) if (workload === c || workload.endsWith(`-${c}`)) return c;
  return /(^|-)loki$/.test(workload) ? 'single-binary' : null;
}

/**
 * Measure. `components` are the Loki target names a workload may be (from the mode registry).
 * Throws InputErrors naming each required metric that is absent, and a SourceError when the
 * data covers less than a day of the window.
 */
export async function calibrate(api: PromApi, input: CalibrateInput, components: readonly string[]): Promise<Calibration> {
  const r = new Reader(api, input);
  const W = r.W;
  const days = input.windowSeconds / DAY;
  const problems: string[] = [];
  const notes: string[] = [];
  const start = new Date(input.end.getTime() - input.windowSeconds * 1000);
  const windowText = `the ${W} window ending ${input.end.toISOString()}`;

  // 1. which metrics have series in the window
  const present = new Map<MetricId, boolean>();
  for (const id of Object.keys(METRICS) as MetricId[]) {
    const probe = r.sel(id, METRICS[id].kind === 'histogram' ? '_count' : '');
    const n = await r.scalar(METRICS[id].kube ? `count(${probe})` : `count(last_over_time(${probe}[${W}]))`);
    present.set(id, n !== null && n > 0);
  }
  const absent = (id: MetricId) => `${METRICS[id].probe}: no series${input.selector || (input.tenant && METRICS[id].tenantLabel) ? ` matching ${r.sel(id, METRICS[id].kind === 'histogram' ? '_count' : '')}` : ''} in ${windowText} at ${api.where}`;
  const missingRequired = REQUIRED.filter((id) => !present.get(id));
  if (missingRequired.length) {
    throw new InputErrors(missingRequired.map((id) => new SourceError(`${absent(id)} (lokiplan calibrate needs it: is Prometheus scraping Loki's distributors, or --selector too narrow?)`)));
  }

  const bytes = r.sel('bytes');
  const lines = r.sel('lines');
  // 2. coverage: 5-minute steps of the window with an ingest rate
  const coverage = await r.scalar(`count_over_time(sum(rate(${bytes}[${STEP}]))[${W}:${STEP}])`);
  const coveredSeconds = (coverage ?? 0) * STEP_SECONDS;
  if (coveredSeconds < DAY) {
    throw new SourceError(
      `${METRICS.bytes.name}: data covers ${(coveredSeconds / 3600).toFixed(1)} h of ${windowText} at ${api.where}; calibration needs at least a day (a shorter sample cannot show a daily peak)`,
    );
  }
  if (coveredSeconds < 0.9 * input.windowSeconds) {
    notes.push(
      `${METRICS.bytes.name}: data covers ${(coveredSeconds / DAY).toFixed(2)} of the window's ${days.toFixed(2)} days (gaps, or Loki started within the window); averages divide by the whole window`,
    );
  }
  const resets = await r.scalar(`sum(resets(${bytes}[${W}]))`);
  if (resets) notes.push(`${METRICS.bytes.name}: ${resets} counter reset${resets === 1 ? '' : 's'} (restarts) in the window; increase() and rate() count across them`);

  const figures: Figure[] = [];
  const add = (f: Fig): Figure => {
    const x = fig(f);
    figures.push(x);
    return x;
  };
  const incr = (s: string) => `sum(increase(${s}[${W}]))`;

  // 3. ingest
  const bpsQ = `${incr(bytes)} / ${input.windowSeconds}`;
  const bps = add({ id: 'bytesPerSecond', label: 'ingest, average', unit: 'B/s', value: await r.scalar(bpsQ), promql: bpsQ });
  const gbQ = `${incr(bytes)} / ${fmtQ(days)} / 1e9`;
  add({ id: 'gbPerDay', label: 'ingest per day', unit: 'GB/day', value: await r.scalar(gbQ), promql: gbQ });
  const lpsQ = `${incr(lines)} / ${input.windowSeconds}`;
  add({ id: 'linesPerSecond', label: 'lines, average', unit: 'lines/s', value: await r.scalar(lpsQ), promql: lpsQ });
  const lsQ = `${incr(bytes)} / ${incr(lines)}`;
  add({ id: 'avgLineSize', label: 'average line size', unit: 'B', value: await r.scalar(lsQ), promql: lsQ });
  const peakQ = `quantile_over_time(${PEAK_QUANTILE}, sum(rate(${bytes}[${STEP}]))[${W}:${STEP}])`;
  add({ id: 'peakBytesPerSecond', label: `ingest, peak (p${PEAK_QUANTILE * 100} of 5-min rates)`, unit: 'B/s', value: await r.scalar(peakQ), promql: peakQ });
  const pfQ = `${peakQ} / (${bpsQ})`;
  const pf = add({ id: 'peakFactor', label: 'peak factor (peak / average)', unit: '', value: await r.scalar(pfQ), promql: pfQ });
  if (pf.value !== null && !(pf.value >= 1 && pf.value <= LIMITS.peakFactor)) implausible(pf, `a peak of ${pf.value.toFixed(3)} x the average is not a peak (expected 1 to ${LIMITS.peakFactor})`);
  if (bps.value !== null && !(bps.value > 0)) implausible(bps, 'no bytes received in the window');

  // 4. retention, from the label Loki sets on every byte it counts
  const retQ = `sum by (retention_hours) (increase(${bytes}[${W}]))`;
  const byRet = (await r.q(retQ)).filter((s) => Number.isFinite(s.value) && s.value > 0);
  const totalRet = byRet.reduce((a, s) => a + s.value, 0);
  const retentionShares = byRet
    .map((s) => ({ hours: s.labels['retention_hours'] ?? '', share: s.value / totalRet }))
    .sort((a, b) => b.share - a.share || (a.hours < b.hours ? -1 : 1));
  const top = retentionShares[0];
  const retFig = add({ id: 'retentionDays', label: 'retention (most bytes)', unit: 'days', value: top && /^\d+$/.test(top.hours) && Number(top.hours) > 0 ? Number(top.hours) / 24 : null, promql: retQ });
  if (!top) retFig.note = `${METRICS.bytes.name} has no retention_hours label (Loki before 3.x?): set retention`;
  else if (retFig.value === null) retFig.note = `${(top!.share * 100).toFixed(1)}% of bytes have no retention period (retention_hours="": retention is off, chunks kept forever): set retention`;
  if (input.retentionDays !== null) {
    retFig.note = `--retention; Loki's retention_hours says ${retFig.value === null ? (retFig.note ?? '').replace(': set retention', '') : `${retFig.value} days`}`;
    retFig.value = input.retentionDays;
    retFig.status = 'given';
  } else if (retFig.value === null) {
    throw new SourceError(`${METRICS.bytes.name}{retention_hours}: ${(retFig.note ?? '').replace(': set retention', '')}; pass --retention, e.g. --retention 30d`);
  }
  if (retentionShares.length > 1 && retFig.status === 'measured') retFig.note = `${(top!.share * 100).toFixed(1)}% of bytes; others: ${retentionShares.slice(1, 4).map((s) => `${s.hours ? `${Number(s.hours) / 24} days` : 'none'} ${(s.share * 100).toFixed(1)}%`).join(', ')}`;

  // 5. replication factor, streams
  let rf: Figure;
  if (present.get('replicationFactor')) {
    const rfQ = `max(max_over_time(${r.sel('replicationFactor')}[${W}]))`;
    rf = add({ id: 'replicationFactor', label: 'replication factor', unit: '', value: await r.scalar(rfQ), promql: rfQ });
    if (rf.value !== null && !(Number.isInteger(rf.value) && rf.value >= 1 && rf.value <= 9)) implausible(rf, 'not a whole number from 1 to 9');
    if (input.replicationFactor !== null && rf.value !== input.replicationFactor) {
      notes.push(`--replication-factor ${input.replicationFactor} is ignored: Loki says ${rf.value} (${METRICS.replicationFactor.name})`);
    }
  } else if (input.replicationFactor !== null) {
    rf = add({ id: 'replicationFactor', label: 'replication factor', unit: '', value: input.replicationFactor, status: 'given', promql: '', note: `--replication-factor (${METRICS.replicationFactor.name} is absent)` });
  } else {
    rf = add({ id: 'replicationFactor', label: 'replication factor', unit: '', value: null, promql: '', note: `${absent('replicationFactor')}: pass --replication-factor` });
  }
  const rfv = rf.status === 'implausible' ? null : rf.value;
  const needs = (f: Figure, id: MetricId): boolean => {
    if (present.get(id)) return true;
    f.status = 'missing';
    f.value = null;
    f.note = absent(id);
    return false;
  };
  const noRf = (f: Figure) => {
    f.status = 'missing';
    f.value = null;
    f.note = `needs the replication factor (${rf.note ?? 'implausible'})`;
  };

  const streamsSum = `sum(${r.sel('streams')})`;
  {
    const f = add({ id: 'streams', label: 'unique streams, average', unit: '', value: null, promql: '' });
    const g = add({ id: 'streamsMax', label: 'unique streams, highest', unit: '', value: null, promql: '' });
    for (const [x, fn] of [[f, 'avg_over_time'], [g, 'max_over_time']] as const) {
      if (!needs(x, 'streams')) continue;
      if (rfv === null) {
        noRf(x);
        continue;
      }
      x.promql = `${fn}(${streamsSum}[${W}:${STEP}]) / ${rfv}`;
      x.value = await r.scalar(x.promql);
      x.status = x.value === null ? 'missing' : 'measured';
      if (x.value !== null && !(x.value >= 1 && x.value <= LIMITS.activeStreams)) implausible(x, `expected 1 to ${LIMITS.activeStreams} streams`);
    }
    const c = add({ id: 'streamsCreatedPerDay', label: 'streams created per day (churn)', unit: '/day', value: null, promql: '' });
    if (needs(c, 'streamsCreated')) {
      if (rfv === null) noRf(c);
      else {
        c.promql = `${incr(r.sel('streamsCreated'))} / ${rfv} / ${fmtQ(days)}`;
        c.value = await r.scalar(c.promql);
        c.status = c.value === null ? 'missing' : 'measured';
      }
    }
  }

  // 6. chunks
  const mean = async (f: Figure, id: MetricId, lo: number, hi: number, what: string) => {
    if (!needs(f, id)) return;
    f.promql = `${incr(r.sel(id, '_sum'))} / ${incr(r.sel(id, '_count'))}`;
    f.value = await r.scalar(f.promql);
    f.status = f.value === null ? 'missing' : 'measured';
    if (f.value === null) f.note = `no chunk flushed in the window (${METRICS[id].name}_count did not increase)`;
    else if (!(f.value >= lo && f.value <= hi)) implausible(f, `expected ${what}`);
    if (input.tenant !== null && f.value !== null) f.note = 'all tenants (the chunk histograms have no tenant label)';
  };
  const comp = add({ id: 'compressionRatio', label: 'compression ratio (mean per chunk)', unit: '', value: null, promql: '' });
  await mean(comp, 'compression', LIMITS.compressionRatio.min, LIMITS.compressionRatio.max, `${LIMITS.compressionRatio.min} to ${LIMITS.compressionRatio.max}`);
  await mean(add({ id: 'chunkSize', label: 'flushed chunk size (mean)', unit: 'B', value: null, promql: '' }), 'chunkSize', LIMITS.chunkBytes.min, LIMITS.chunkBytes.max, '1 KiB to 5 GiB');
  await mean(add({ id: 'chunkUtilization', label: 'chunk utilisation (mean)', unit: '', value: null, promql: '' }), 'utilization', 0, 1.5, '0 to 1.5 of chunk_target_size');
  const compV = comp.status === 'measured' ? comp.value : null;
  const flushQ = `sum by (reason) (increase(${r.sel('flushed')}[${W}]))`;
  let flushReasons: Calibration['flushReasons'] = [];
  if (present.get('flushed')) {
    const rows = (await r.q(flushQ)).filter((s) => Number.isFinite(s.value) && s.value > 0);
    const total = rows.reduce((a, s) => a + s.value, 0);
    flushReasons = rows.map((s) => ({ reason: s.labels['reason'] ?? '', chunks: s.value, share: s.value / total })).sort((a, b) => b.share - a.share || (a.reason < b.reason ? -1 : 1));
  } else problems.push(absent('flushed'));

  // 7. copies in the store, query bytes (both need the compression ratio)
  const timesCompression = async (f: Figure, id: MetricId, promql: (comp: string) => string) => {
    if (!needs(f, id)) return;
    if (compV === null) {
      f.status = 'missing';
      f.note = 'needs the compression ratio';
      return;
    }
    f.promql = promql(fmtQ(compV));
    f.value = await r.scalar(f.promql);
    f.status = f.value === null ? 'missing' : 'measured';
  };
  const sc = add({ id: 'storedCopies', label: 'chunk copies stored', unit: '', value: null, promql: '' });
  await timesCompression(sc, 'stored', (comp) => `${incr(r.sel('stored'))} * ${comp} / ${incr(bytes)}`);
  if (sc.value !== null && !(sc.value > 0.5 && sc.value <= (rfv ?? 9) + 0.5)) implausible(sc, `expected 1 to the replication factor ${rfv ?? '(unknown)'}`);
  const qs = add({ id: 'queryScannedPerDay', label: 'query bytes per day (raw)', unit: 'B/day', value: null, promql: '' });
  await timesCompression(qs, 'fetched', (comp) => `${incr(r.sel('fetched'))} * ${comp} / ${fmtQ(days)}`);
  if (qs.value !== null) qs.note = 'chunks fetched from the store; chunk-cache hits are not counted, so queries read at least this';

  // 8. what runs today (kube-state-metrics)
  const { running, promql: runningPromql } = await runningWorkloads(r, present, components);
  if (!present.get('deploymentReplicas') && !present.get('statefulsetReplicas')) notes.push(`kube-state-metrics: neither ${METRICS.deploymentReplicas.name} nor ${METRICS.statefulsetReplicas.name} has series${input.namespace ? ` in namespace ${input.namespace}` : ''}; replicas running today are not shown`);

  for (const f of figures) if (f.status === 'missing' || f.status === 'implausible') problems.push(`${f.label}: ${f.status}${f.note ? ` (${f.note})` : ''}`);
  return {
    format: 'lokiplan-calibration/1',
    prometheus: api.where,
    window: { start: start.toISOString(), end: input.end.toISOString(), seconds: input.windowSeconds, promql: W },
    selector: input.selector,
    tenant: input.tenant,
    namespace: input.namespace,
    coveredSeconds,
    figures,
    flushReasons,
    retentionShares,
    running,
    runningPromql,
    problems,
    notes,
  };
}

function implausible(f: Figure, why: string): void {
  f.status = 'implausible';
  f.note = `${why}; left for you to set`;
}

/** A number as PromQL writes it (no exponent for ordinary values, at most 6 decimals). */
function fmtQ(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6)));
}

async function runningWorkloads(r: Reader, present: Map<MetricId, boolean>, components: readonly string[]): Promise<{ running: RunningWorkload[]; promql: string[] }> {
  const out: RunningWorkload[] = [];
  const promql: string[] = [];
  const lokiOnly = (name: string) => r.i.namespace !== null || /loki/.test(name);
  for (const [id, kind, label] of [['deploymentReplicas', 'Deployment', 'deployment'], ['statefulsetReplicas', 'StatefulSet', 'statefulset']] as const) {
    if (!present.get(id)) continue;
    const q = `max by (${label}) (${r.sel(id)})`;
    promql.push(q);
    for (const s of await r.q(q)) {
      const name = s.labels[label];
      if (!name || !lokiOnly(name)) continue;
      const component = componentOf(name, components);
      if (component === null) continue;
      out.push({ name, kind, component, replicas: s.value, cpuRequest: null, memoryRequestBytes: null });
    }
  }
  if (out.length && present.get('podRequests')) {
    const base = r.sel('podRequests');
    for (const [resource, key] of [['cpu', 'cpuRequest'], ['memory', 'memoryRequestBytes']] as const) {
      const sel = base.endsWith('}') ? `${base.slice(0, -1)},resource="${resource}"}` : `${base}{resource="${resource}"}`;
      const q = `sum by (pod) (${sel})`;
      promql.push(q);
      const pods = await r.q(q);
      for (const w of out) {
        // a StatefulSet's pods are <name>-<ordinal>, a Deployment's <name>-<replicaset hash>-<pod hash>
        const own = w.kind === 'StatefulSet' ? new RegExp(`^${escapeRe(w.name)}-\\d+$`) : new RegExp(`^${escapeRe(w.name)}-[a-z0-9]+-[a-z0-9]+$`);
        const mine = pods.filter((p) => own.test(p.labels['pod'] ?? '') && Number.isFinite(p.value));
        if (mine.length) w[key] = mine.reduce((a, p) => a + p.value, 0) / mine.length;
      }
    }
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { running: out, promql };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
