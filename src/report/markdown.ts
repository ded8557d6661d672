/**
 * Markdown summary for planning meetings: readable in a pull request or a wiki. Pure. The charts
 * are PNG files beside it (rendered by png.ts from the same specs as the HTML report); pass
 * `images: false` to leave the pictures out (e.g. on stdout, where there are no files).
 */
import { holdingPrice, verdictAnswer } from './verdict.js';
import { checkHeader, checkTables } from './check.js';
import type { CheckReport } from '../model/types.js';
import { usd } from '../text/money.js';
import type { Plan } from '../model/types.js';
import { alternativesMarkdown } from './alternatives.js';
import { charts } from './charts.js';
import { periodText, type ChargePeriod } from './period.js';
import {
  allWarnings,
  categoryTable,
  claimLines,
  headline,
  linesTable,
  nodesTable,
  priceStatusTable,
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
  out.push(`${mdText(headline(p))}; charge period ${mdText(periodText(o.period, p.hoursPerMonth))}.`, '');
  const a = verdictAnswer(p);
  out.push('## Does it hold?', '', `**${mdText(a.verdict)}**`, '');
  if (a.breaks.length) out.push('What breaks first:', '', ...a.breaks.map((b, i) => `${i + 1}. ${mdText(b)}`), '');
  else if (a.tightest) out.push(`Nothing fails. The least headroom: ${mdText(a.tightest)}`, '');
  if (a.changes.length) out.push('What to change:', '', ...a.changes.map((c) => `- ${mdText(c)}`), '');
  if (a.holding.length) out.push('What holding costs:', '', ...a.holding.map((h) => `- ${mdText(h)}`), '');

  out.push('## Summary', '');
  out.push(mdText(workloadText(p)), '');
  const rows: string[][] = [[p.meetsTarget ? 'monthly cost' : 'monthly cost as written', s.total]];
  const hold = holdingPrice(p);
  if (hold) rows.push([`cheapest plan that holds (${hold.mode})`, usd(hold.cents)]);
  if (s.baseline !== null) rows.push([`baseline (${p.baseline!.mode})`, s.baseline], ['difference', s.delta!]);
  rows.push(['meets its target', s.meetsTarget ? 'yes' : 'NO']);
  if (s.baselineMeetsTarget !== null) rows.push(['baseline meets the target', s.baselineMeetsTarget ? 'yes' : 'NO']);
  out.push(mdTable({ head: ['', ''], align: ['l', 'r'], rows }), '');

  out.push(...checkMarkdown(p.capacity, '##'));

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

  out.push('## Cost lines', '', mdTable(priceStatusTable(p.lines)), '', mdTable(linesTable(p.lines)), '');
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

/** The capacity check (lokiplan check) in Markdown: heading lines and one table per case. */
function checkMarkdown(c: CheckReport, h: '#' | '##'): string[] {
  const [verdict, ...head] = checkHeader(c);
  const out = [h === '#' ? `# lokiplan check: ${mdText(c.scenario)}` : '## Capacity check (lokiplan check)', '', `**${mdText(verdict!)}**`, '', ...head.map((x) => `${mdText(x)}  `), ''];
  for (const t of checkTables(c)) out.push(`${h}# ${mdText(t.title)}`, '', mdTable(t.table), '');
  if (h === '#' && c.fixes.length) out.push('## What to change', '', ...c.fixes.map((f) => `- ${mdText(f)}`), '');
  return out;
}

/** `check --format md`: every scenario's check in turn. */
export function renderCheckMarkdown(cs: readonly CheckReport[]): string {
  return cs.map((c) => checkMarkdown(c, '#').join('\n')).join('\n---\n\n');
}
