/**
 * "The same workload elsewhere" (plan --alternatives) in every format. Each line is rounded to the
 * cent on its own (half up, as an invoice or =ROUND(qty*price,2) would) and an alternative's total is
 * the sum of its rounded lines; JSON keeps the exact amounts beside the cents.
 */
import type { Alternative, AlternativesResult } from '../model/types.js';
import { fmtNum } from '../model/format.js';
import type { Plan } from '../model/types.js';
import { exact, toCents, totalCents, usd } from '../text/money.js';
import { holdingPrice } from './verdict.js';

export interface AltRow {
  alt: Alternative;
  lineCents: number[];
  totalCents: number;
}

export function altRows(r: AlternativesResult): AltRow[] {
  return r.priced.map((alt) => {
    const lineCents = alt.lines.map((l) => toCents(l.monthlyCost));
    return { alt, lineCents, totalCents: lineCents.reduce((a, b) => a + b, 0) };
  });
}

/** The plan's own total in cents as its renderers show it (sum of its lines' cents). */
export function lokiCents(p: Plan): number {
  return totalCents(p.lines);
}

const pct = (share: number) => `${fmtNum(Math.round(share * 100))}%`;

/**
 * The Loki figures an alternative is compared with: the plan that holds when the plan as written
 * does not (lokiplan's holding quote), and the plan as written, labelled.
 */
export interface LokiFigures {
  asWritten: number;
  /** the cheapest Loki plan that holds, when the plan as written does not */
  holding: { cents: number; mode: string } | null;
  holds: boolean;
}

export function lokiFigures(p: Plan): LokiFigures {
  return { asWritten: lokiCents(p), holding: holdingPrice(p), holds: p.meetsTarget };
}

/** "This Loki plan: $X" or "the Loki plan that holds (microservices): $Y; as written (does not hold): $X". */
export function lokiText(f: LokiFigures): string {
  if (f.holds) return `this Loki plan: ${usd(f.asWritten)}/month`;
  if (!f.holding) return `this Loki plan: ${usd(f.asWritten)}/month, which does not meet its target (no Loki plan that holds was found)`;
  return `the cheapest Loki plan that holds (${f.holding.mode}): ${usd(f.holding.cents)}/month; as written (does not hold): ${usd(f.asWritten)}/month`;
}

const diff = (d: number, what: string) => `${d > 0 ? `${usd(d)} more than` : d < 0 ? `${usd(-d)} less than` : 'the same as'} ${what}`;

/** One sentence per alternative: versus the Loki plan that holds (and as written), or this plan when it holds. */
export function versus(row: AltRow, f: LokiFigures): string {
  if (f.holds || !f.holding) return diff(row.totalCents - f.asWritten, 'this Loki plan');
  return `${diff(row.totalCents - f.holding.cents, 'the Loki plan that holds')} (${diff(row.totalCents - f.asWritten, 'as written')})`;
}

/** Word-wrap `text` to `width` columns, continuation lines indented by `hang` spaces. */
function wrap(text: string, width: number, hang: number): string[] {
  const out: string[] = [];
  const lead = /^ */.exec(text)![0];
  let cur = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    if (cur && cur.length + 1 + word.length > width) {
      out.push(cur);
      cur = ' '.repeat(hang) + word;
    } else cur = cur.trim() ? `${cur} ${word}` : cur + word;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

export function alternativesText(p: Plan, width = 80): string {
  const r = p.alternatives;
  if (!r) return '';
  const f = lokiFigures(p);
  const out: string[] = [];
  const put = (text: string, hang: number) => out.push(...wrap(text, width, hang));
  put(`Same workload elsewhere (${lokiText(f)})`, 2);
  const rows = altRows(r).sort((a, b) => a.totalCents - b.totalCents);
  for (const row of rows) {
    const a = row.alt;
    put(`  ${usd(row.totalCents)}  ${a.name}`, 4);
    put(`    ${versus(row, f)}; ${pct(a.dominant.share)} of it rests on: ${a.dominant.text}`, 6);
    a.lines.forEach((l, i) => put(`    - ${l.resource}: ${fmtNum(l.quantity, 2)} ${l.unit} x $${l.unitPriceUsd} = ${usd(row.lineCents[i]!)}`, 8));
    for (const w of a.warnings) put(`    ! ${w}`, 6);
  }
  for (const u of r.unpriced) put(`  not priced: ${u.name}: ${u.unpriced}`, 4);
  put('  What each includes and leaves out against self-hosted Loki, and every price source: --format json, md or html.', 4);
  return out.join('\n');
}

export function alternativesJson(p: Plan) {
  const r = p.alternatives;
  if (!r) return undefined;
  const loki = lokiCents(p);
  return {
    lokiMonthly: exact(p.totals.monthly),
    priced: altRows(r).map(({ alt, lineCents, totalCents }) => ({
      id: alt.id,
      name: alt.name,
      provider: alt.provider,
      kind: alt.kind,
      monthly: exact(alt.monthly),
      monthlyCents: totalCents,
      deltaVsLokiCents: totalCents - loki,
      lines: alt.lines.map((l, i) => ({ ...l, quantity: exact(l.quantity), monthlyCost: exact(l.monthlyCost), monthlyCents: lineCents[i] })),
      includes: alt.includes,
      leavesOut: alt.leavesOut,
      assumptions: alt.assumptions,
      dominant: alt.dominant,
      warnings: alt.warnings,
    })),
    unpriced: r.unpriced,
  };
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

export function alternativesMarkdown(p: Plan): string {
  const r = p.alternatives;
  if (!r) return '';
  const f = lokiFigures(p);
  const text = lokiText(f);
  const out: string[] = ['## Same workload elsewhere', '', `${text[0]!.toUpperCase()}${esc(text.slice(1))}.`, ''];
  out.push('| alternative | monthly | versus Loki | dominant assumption |', '|---|---:|---|---|');
  const rows = altRows(r).sort((a, b) => a.totalCents - b.totalCents);
  for (const row of rows) out.push(`| ${esc(row.alt.name)} | ${usd(row.totalCents)} | ${versus(row, f)} | ${pct(row.alt.dominant.share)}: ${esc(row.alt.dominant.text)} |`);
  for (const u of r.unpriced) out.push(`| ${esc(u.name)} | not priced | ${esc(u.unpriced)} | |`);
  for (const row of rows) {
    const a = row.alt;
    out.push('', `### ${esc(a.name)}`, '', '| line | quantity | unit price | monthly | source |', '|---|---:|---:|---:|---|');
    a.lines.forEach((l, i) => out.push(`| ${esc(l.resource)}: ${esc(l.description)} | ${fmtNum(l.quantity, 2)} ${esc(l.unit)} | $${l.unitPriceUsd} | ${usd(row.lineCents[i]!)} | ${esc(l.priceSource)}, as of ${l.priceAsOf} |`));
    out.push('', `- **Includes:** ${a.includes.map(esc).join('; ')}`, `- **Leaves out against self-hosted Loki:** ${a.leavesOut.map(esc).join('; ')}`);
    out.push(`- **Assumptions:** ${a.assumptions.map((x) => `${esc(x.text)} (${esc(x.source)})`).join('; ')}`);
    for (const w of a.warnings) out.push(`- **Warning:** ${esc(w)}`);
  }
  return `${out.join('\n')}\n`;
}
