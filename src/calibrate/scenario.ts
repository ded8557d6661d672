/**
 * The scenario a calibration implies: a commented YAML document with each measured value under the
 * PromQL that gave it, ready for `plan`, `growth` and the rest. What was not measured is a comment
 * that says why and what to set; the model's default applies there and the comment says so. Pure.
 */
import type { Calibration, Figure, FigureId } from './measure.js';
import { yamlCommentSafe } from '../text/neutral.js';

export interface ScenarioOptions {
  name: string;
  region: string;
  /** when the measurement ran (ISO) */
  measuredAt: string;
}

/** A number for YAML: no exponent, at most `digits` decimals, trailing zeros dropped. */
function dec(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

const c = (s: string) => `# ${yamlCommentSafe(s)}`;

/** The scenario fields calibration writes: figure, YAML path, how the value is written. */
const FIELDS: readonly { id: FigureId; section: 'ingest' | 'storage' | 'query' | null; key: string; write: (v: number, cal: Calibration) => { text: string; note?: string } }[] = [
  { id: 'linesPerSecond', section: 'ingest', key: 'rate', write: (v) => ({ text: `${dec(v, 3)} lines/s` }) },
  { id: 'avgLineSize', section: 'ingest', key: 'avgLineSize', write: (v) => ({ text: `${dec(v, 1)} B` }) },
  { id: 'peakFactor', section: 'ingest', key: 'peakFactor', write: (v) => ({ text: dec(v, 3) }) },
  { id: 'streams', section: 'ingest', key: 'streams', write: (v) => ({ text: String(Math.max(1, Math.round(v))) }) },
  {
    id: 'retentionDays',
    section: null,
    key: 'retention',
    write: (v) => (Number.isInteger(v) ? { text: `${v} days` } : { text: `${dec(v * 24, 0)} hours` }),
  },
  { id: 'compressionRatio', section: 'storage', key: 'compressionRatio', write: (v) => ({ text: dec(v, 3) }) },
  {
    id: 'storedCopies',
    section: 'storage',
    key: 'storedCopies',
    write: (v, cal) => {
      const rf = figure(cal, 'replicationFactor').value ?? 1;
      const w = Math.min(rf, Math.max(1, v));
      return { text: dec(w, 3), note: w !== v ? `measured ${dec(v, 3)}, written as ${dec(w, 3)} (the model takes 1 to the replication factor ${rf})` : undefined };
    },
  },
  { id: 'queryScannedPerDay', section: 'query', key: 'scannedPerDay', write: (v) => ({ text: `${dec(v / 1e9, 3)} GB` }) },
];

export const figure = (cal: Calibration, id: FigureId): Figure => cal.figures.find((f) => f.id === id)!;

/** What each unset field falls back to, in words. */
const UNSET: Partial<Record<FigureId, string>> = {
  streams: 'without it the plan sizes chunks and ingester memory without a stream count',
  retentionDays: 'required: the scenario will not plan until you set it',
  compressionRatio: "the model's default applies (5)",
  storedCopies: "the model's default applies (1.5 at replication factor 3, 1 at 1)",
  queryScannedPerDay: "the model's default applies: no query reads priced (0 B/day); set it",
  peakFactor: "the model's default applies",
};

export function calibrationScenario(cal: Calibration, o: ScenarioOptions): string {
  const out: string[] = [
    '# yaml-language-server: $schema=https://lokiplan.invalid/schemas/scenario.schema.json',
    c(`Calibrated by lokiplan calibrate from ${cal.prometheus}, measured ${o.measuredAt}.`),
    c(`Window: ${cal.window.promql}, ${cal.window.start} to ${cal.window.end}; selector: ${cal.selector || '(none)'}; tenant: ${cal.tenant ?? 'all'}.`),
    c('Each measured value sits under the PromQL that gives it, evaluated at the window end.'),
    c(`Peak: the p99 of 5-minute ingest rates. Streams: average held in memory / replication factor.`),
    `name: ${JSON.stringify(o.name)}`,
    `region: ${o.region}${' '.repeat(Math.max(1, 22 - o.region.length))}# not measured: the AWS region to plan in (--region)`,
  ];
  const rf = figure(cal, 'replicationFactor');
  const sections: Record<string, string[]> = { ingest: [], storage: [], query: [], '': [] };
  const rfWord = rf.value !== null ? `replication factor ${rf.value}` : 'unknown replication factor';
  for (const f of FIELDS) {
    const fig = figure(cal, f.id);
    const into = sections[f.section ?? '']!;
    const indent = f.section ? '  ' : '';
    if (f.id === 'storedCopies' && fig.value !== null && fig.status === 'measured' && (rf.value ?? 1) <= 1) {
      into.push(`${indent}${c(`storedCopies: measured ${dec(fig.value, 3)} at ${rfWord}; not written (a plan at another factor stores another number of copies)`)}`);
      continue;
    }
    if (fig.value === null || (fig.status !== 'measured' && fig.status !== 'given')) {
      into.push(`${indent}${c(`${f.key}: NOT MEASURED, ${fig.status}${fig.note ? ` (${fig.note})` : ''}; ${UNSET[f.id] ?? 'set it'}`)}`);
      continue;
    }
    const w = f.write(fig.value, cal);
    into.push(`${indent}${c(fig.promql)}`);
    if (fig.note) into.push(`${indent}${c(fig.note)}`);
    if (w.note) into.push(`${indent}${c(w.note)}`);
    if (f.id === 'storedCopies') into.push(`${indent}${c(`measured at ${rfWord}`)}`);
    into.push(`${indent}${f.key}: ${w.text}`);
  }
  out.push('ingest:', ...sections['ingest']!);
  out.push(...sections['']!);
  if (sections['storage']!.some((l) => !l.trimStart().startsWith('#'))) out.push('storage:', ...sections['storage']!);
  else out.push(...sections['storage']!.map((l) => l.trimStart()));
  if (sections['query']!.some((l) => !l.trimStart().startsWith('#'))) out.push('query:', ...sections['query']!);
  else out.push(...sections['query']!.map((l) => l.trimStart()));
  // observed, not scenario fields: what `plan --observed` compares (from --format json)
  const size = figure(cal, 'chunkSize');
  const util = figure(cal, 'chunkUtilization');
  out.push(c('Observed, not used by the model here:'));
  if (size.value !== null) out.push(c(`  flushed chunk size, mean: ${dec(size.value, 0)} B (storage.chunkSize is chunk_target_size, a setting: left at its default)`));
  if (util.value !== null) out.push(c(`  chunk utilisation, mean: ${dec(util.value, 3)}`));
  if (cal.flushReasons.length) out.push(c(`  flush reasons: ${cal.flushReasons.map((r) => `${r.reason} ${dec(r.share * 100, 1)}%`).join(', ')}`));
  if (rf.value !== null) out.push(c(`  replication factor today: ${rf.value} (deployment.replicationFactor is the plan's choice: not written)`));
  for (const w of cal.running) out.push(c(`  running: ${w.kind} ${w.name} (${w.component}) x ${w.replicas}`));
  for (const n of cal.notes) out.push(c(`  note: ${n}`));
  return `${out.join('\n')}\n`;
}
