/**
 * Markdown summary for planning meetings: readable in a pull request or a wiki. Pure. The charts
 * are PNG files beside it (rendered by png.ts from the same specs as the HTML report); pass
 * `images: false` to leave the pictures out (e.g. on stdout, where there are no files).
 */
import type { Plan } from '../model/types.js';
import { alternativesMarkdown } from './alternatives.js';
import { charts } from './charts.js';
import { monthName, type ChargePeriod } from './period.js';
import {
  allWarnings,
  categoryTable,
  claimLines,
  headline,
  linesTable,
  nodesTable,
  sizingTable,
  storageNote,
  storageTable,
  summary,
  workloadText,
  type Table,
} from './sections.js';

/** Escape text so Markdown shows it literally: no links, emphasis, HTML or table breaks. */
export function mdText(s: string): string {
  return s
    .replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n|\r/g, ' ');
}

function mdTable(t: Table): string {
  const sep = t.head.map((_, i) => (t.align[i] === 'r' ? '---:' : '---'));
  const line = (cells: string[]) => `| ${cells.map(mdText).join(' | ')} |`;
  return [line(t.head), `| ${sep.join(' | ')} |`, ...t.rows.map(line)].join('\n');
}

export const chartFile = (id: string): string => `${id}.png`;

export interface MarkdownOptions {
  period: ChargePeriod;
  /** include the chart PNGs (`<chart id>.png` beside the Markdown file) */
  images: boolean;
}

export function renderMarkdown(p: Plan, o: MarkdownOptions): string {
  const out: string[] = [];
  const chart = (id: string) => {
    const c = charts(p).find((x) => x.id === id);
    if (o.images && c) out.push(`![${mdText(c.title)}](${chartFile(c.id)})`, '');
  };
  const s = summary(p);
  out.push(`# ${mdText(p.scenario)}`, '');
  out.push(`${mdText(headline(p))}; charge period ${monthName(o.period)}.`, '');
  out.push(mdText(workloadText(p)), '');

  out.push('## Summary', '');
  const rows: string[][] = [['monthly cost', s.total]];
  if (s.baseline !== null) rows.push([`baseline (${p.baseline!.mode})`, s.baseline], ['difference', s.delta!]);
  rows.push(['meets its target', s.meetsTarget ? 'yes' : 'NO']);
  if (s.baselineMeetsTarget !== null) rows.push(['baseline meets the target', s.baselineMeetsTarget ? 'yes' : 'NO']);
  out.push(mdTable({ head: ['', ''], align: ['l', 'r'], rows }), '');

  out.push('## Cost by category', '');
  chart('cost-by-category');
  out.push(mdTable(categoryTable(p)), '');

  out.push('## Sizing', '');
  out.push(mdTable(sizingTable(p)), '');
  const nodes = nodesTable(p);
  if (nodes) out.push('Nodes (requests as a share of allocatable):', '', mdTable(nodes), '');
  else out.push('Per-vCPU pricing: no nodes placed.', '');

  if (p.alternatives) {
    const [head, ...rest] = alternativesMarkdown(p).split('\n');
    out.push(head!, '');
    chart('alternatives');
    out.push(...rest.slice(1));
  }
  out.push('## S3 storage by class and age', '');
  const st = storageTable(p);
  if (st) {
    chart('s3-storage');
    out.push(mdTable(st), '', mdText(storageNote(p)), '');
  } else out.push('Nothing is stored in S3 (chunks live on the pod volume).', '');

  out.push('## Cost lines', '', mdTable(linesTable(p.lines)), '');
  if (p.omitted.length) out.push('### Priced but left out of the totals', '', mdTable(linesTable(p.omitted)), '');
  if (p.baseline) out.push(`### Baseline: ${mdText(p.baseline.scenario)}`, '', mdTable(linesTable(p.baseline.lines)), '');

  const claims = claimLines(p);
  if (claims.length) {
    out.push('## Claims', '');
    for (const c of claims) out.push(`- **${c.holds ? 'holds' : 'does not hold'}**: ${mdText(c.text)}`);
    out.push('');
  }
  const warnings = allWarnings(p);
  if (warnings.length) {
    out.push('## Warnings', '');
    for (const w of warnings) out.push(`- ${mdText(w.message)}`);
    out.push('');
  }
  out.push('## Assumptions', '');
  for (const a of p.assumptions) out.push(`- ${mdText(a.text)} (source: ${mdText(a.source)})`);
  out.push('');
  return out.join('\n');
}
