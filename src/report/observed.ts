/**
 * Modelled against observed on the terminal (plan --observed): per planned target the workloads
 * running today that play its role, then each measured figure beside the model's. Pure.
 */
import type { ObservedComparison } from '../model/types.js';
import { fmtNum } from '../model/format.js';
import { fitTable, fitText } from './fit.js';

const pod = (cpu: number | null, gib: number | null) => (cpu === null && gib === null ? '-' : `${cpu === null ? '-' : fmtNum(cpu)} / ${gib === null ? '-' : fmtNum(gib)}`);
/** a difference to 0.1% (a last-bit difference shows as 0%) */
const pct = (d: number | null) => {
  if (d === null) return '';
  const t = Math.abs(d * 100).toFixed(1);
  return t === '0.0' ? '0%' : `${d < 0 ? '-' : '+'}${t}%`;
};

export function observedText(c: ObservedComparison, width: number | undefined): string {
  const out: string[] = [fitText(`  ${c.source}`, width)];
  const rows = [['target', 'plan', 'CPU / GiB', 'running today', 'pods', 'CPU / GiB']];
  for (const t of c.targets) {
    const planned = [t.target, fmtNum(t.planned.replicas), pod(t.planned.cpu, t.planned.memoryGiB)];
    if (!t.running.length) rows.push([...planned, '(none found)', '', '']);
    t.running.forEach((r, i) => rows.push([...(i === 0 ? planned : ['', '', '']), `${r.workload}${r.by === 'role' ? '*' : ''}`, fmtNum(r.replicas), pod(r.cpu, r.memoryGiB)]));
  }
  const inner = width && width - 2;
  out.push(...fitTable(rows, ['l', 'r', 'l', 'l', 'r', 'l'], { width: inner, wrap: [2, 3, 5] }).split('\n').map((l) => `  ${l}`));
  if (c.targets.some((t) => t.running.some((r) => r.by === 'role'))) out.push(fitText("  * another mode's component that plays this target's role", width));
  for (const u of c.unmatched) out.push(fitText(`  running today and not planned: ${u.workload} (${u.component}) x ${fmtNum(u.replicas)}`, width));
  out.push('');
  // figures with a difference in a table; words (the flush regime) under it, one line each
  const numeric = c.figures.filter((f) => !f.words);
  const figs = [['', 'observed', 'model', 'difference'], ...numeric.map((f) => [f.what, f.observed, f.modelled, pct(f.difference)])];
  out.push(...fitTable(figs, ['l', 'r', 'r', 'r'], { width: inner, wrap: [1, 2] }).split('\n').map((l) => `  ${l}`.trimEnd()));
  for (const f of c.figures.filter((x) => !numeric.includes(x))) {
    out.push(fitText(`  ${f.what}: observed ${f.observed}`, width), fitText(`  ${' '.repeat(f.what.length)}  model ${f.modelled}`, width));
  }
  return out.join('\n');
}
