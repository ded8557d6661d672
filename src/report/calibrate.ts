/**
 * A calibration on the terminal: each figure with its value and, under it, the PromQL that gave it;
 * then flush reasons, what runs today, what was not measured, and notes. Pure; fits `width` when one
 * is given (a PromQL line is cut at the width: `--wide` keeps each on one line for copying).
 */
import type { Calibration, Figure } from '../calibrate/measure.js';
import { fmtBytes, fmtNum } from '../model/format.js';
import { fitTable, fitText, wrap } from './fit.js';

/** A figure's value in words with its unit. */
export function figureValue(f: Figure): string {
  if (f.value === null) return f.status === 'implausible' ? 'implausible' : 'not measured';
  const v = f.value;
  switch (f.unit) {
    case 'B/s':
      return `${fmtBytes(v)}/s`;
    case 'B':
      return v >= 1000 ? `${fmtBytes(v, false)}` : `${fmtNum(v, 4)} B`;
    case 'B/day':
      return `${fmtBytes(v, false)}/day`;
    case 'GB/day':
      return `${fmtNum(v, 4)} GB/day`;
    case '':
      return f.id === 'chunkUtilization' ? `${fmtNum(v * 100, 3)}%` : fmtNum(v, 4);
    default:
      return `${fmtNum(v, 4)} ${f.unit}`;
  }
}

export function renderCalibration(cal: Calibration, width: number | undefined): string {
  const out: string[] = [];
  const text = (s: string) => out.push(fitText(s, width));
  text(`Calibration from ${cal.prometheus}`);
  text(`  window ${cal.window.promql}: ${cal.window.start} to ${cal.window.end}; data covers ${fmtNum(cal.coveredSeconds / 86400, 3)} of ${fmtNum(cal.window.seconds / 86400, 3)} days`);
  text(`  selector ${cal.selector || '(none)'}; tenant ${cal.tenant ?? 'all'}`);
  out.push('');
  const labelWidth = Math.max(...cal.figures.map((f) => f.label.length));
  for (const f of cal.figures) {
    const tag = f.status === 'given' ? ' (given)' : '';
    text(`${f.label.padEnd(labelWidth)}  ${figureValue(f)}${tag}`);
    const under = [f.promql, f.note && f.status !== 'missing' && f.status !== 'implausible' ? f.note : ''].filter(Boolean);
    for (const u of under) out.push(...(width ? wrap(`    ${u}`, width, '    ') : [`    ${u}`]));
  }
  if (cal.flushReasons.length) {
    out.push('', 'Flush reasons (loki_ingester_chunks_flushed_total over the window)');
    text(`  ${cal.flushReasons.map((r) => `${r.reason} ${fmtNum(r.share * 100, 3)}% (${fmtNum(r.chunks)} chunks)`).join(', ')}`);
  }
  if (cal.running.length) {
    out.push('', 'Running today (kube-state-metrics)');
    const rows = [['workload', 'component', 'replicas', 'CPU/pod', 'memory/pod'], ...cal.running.map((w) => [w.name, w.component ?? '-', fmtNum(w.replicas), w.cpuRequest === null ? '-' : fmtNum(w.cpuRequest), w.memoryRequestBytes === null ? '-' : fmtBytes(w.memoryRequestBytes)])];
    out.push(...fitTable(rows, ['l', 'l', 'r', 'r', 'r'], { width: width && width - 2, wrap: [0] }).split('\n').map((l) => `  ${l}`.trimEnd()));
    for (const q of cal.runningPromql) out.push(...(width ? wrap(`    ${q}`, width, '    ') : [`    ${q}`]));
  }
  if (cal.problems.length) {
    out.push('', 'Not measured (left for you to set; the scenario says so)');
    for (const p of cal.problems) text(`  ${p}`);
  }
  if (cal.notes.length) {
    out.push('', 'Notes');
    for (const n of cal.notes) text(`  ${n}`);
  }
  return `${out.join('\n')}\n`;
}
