/**
 * The HTML report: one self-contained file (Chart.js inlined, a Content-Security-Policy that
 * forbids any network request at view time). Pure: the caller passes Chart.js's UMD source.
 */
import { holdingPrice, verdictAnswer, type VerdictAnswer } from './verdict.js';
import { checkHeader, checkTables } from './check.js';
import type { CheckReport } from '../model/types.js';
import { jsonForScript } from '../text/neutral.js';
import { fmtNum } from '../model/format.js';
import type { Plan } from '../model/types.js';
import { altRows, lokiFigures, lokiText, versus } from './alternatives.js';
import { usd } from '../text/money.js';
import { chartJsConfig, charts } from './charts.js';
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

/** "Same workload elsewhere": chart, summary table, and each alternative's lines and caveats. */
function alternativesHtml(p: Plan, chart: string): string[] {
  const r = p.alternatives!;
  const f = lokiFigures(p);
  const rows = altRows(r).sort((a, b) => a.totalCents - b.totalCents);
  const text = lokiText(f);
  const out = ['<h2 id="alternatives">Same workload elsewhere</h2>', `<p>${esc(`${text[0]!.toUpperCase()}${text.slice(1)}`)}.</p>`, chart];
  out.push(
    htmlTable({
      head: ['alternative', 'monthly', 'versus Loki', 'dominant assumption'],
      align: ['l', 'r', 'l', 'l'],
      rows: [
        ...rows.map((row) => [row.alt.name, usd(row.totalCents), versus(row, f), `${Math.round(row.alt.dominant.share * 100)}%: ${row.alt.dominant.text}`]),
        ...r.unpriced.map((u) => [u.name, 'not priced', u.unpriced, '']),
      ],
    }),
  );
  for (const row of rows) {
    const a = row.alt;
    out.push(`<details><summary>${esc(a.name)}: ${esc(usd(row.totalCents))}</summary>`);
    out.push(
      htmlTable(
        {
          head: ['line', 'quantity', 'unit', 'unit price', 'monthly', 'source'],
          align: ['l', 'r', 'l', 'r', 'r', 'l'],
          rows: a.lines.map((l, i) => [`${l.resource}: ${l.description}`, fmtNum(l.quantity, 2), l.unit, `$${l.unitPriceUsd}`, usd(row.lineCents[i]!), `${l.priceSource}, as of ${l.priceAsOf}`]),
        },
        'lines',
      ),
    );
    out.push(`<p><strong>Includes:</strong> ${esc(a.includes.join('; '))}</p>`, `<p><strong>Leaves out against self-hosted Loki:</strong> ${esc(a.leavesOut.join('; '))}</p>`);
    out.push(`<p><strong>Assumptions:</strong> ${esc(a.assumptions.map((x) => `${x.text} (${x.source})`).join('; '))}</p>`);
    if (a.warnings.length) out.push(`<ul class="warnings">${a.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`);
    out.push('</details>');
  }
  return out;
}

export interface HtmlOptions {
  period: ChargePeriod;
  /** Chart.js UMD build (chart.umd.min.js), inlined as is */
  chartJs: string;
}

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Make text safe inside <script>: no `</script`, no `<!--` (HTML's script data rules). */
export const scriptSafe = (js: string): string => js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');


function htmlTable(t: Table, cls = ''): string {
  const cell = (tag: string, s: string, i: number) => `<${tag}${t.align[i] === 'r' ? ' class="num"' : ''}>${esc(s)}</${tag}>`;
  return [
    `<div class="scroll"><table${cls ? ` class="${cls}"` : ''}>`,
    `<thead><tr>${t.head.map((h, i) => cell('th', h, i)).join('')}</tr></thead>`,
    `<tbody>${t.rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('\n')}</tbody>`,
    '</table></div>',
  ].join('\n');
}

const STYLE = `
:root { color-scheme: light; --fg: #1d2330; --muted: #5b6475; --line: #dde1e8; --bad: #b42318; --ok: #157f3b; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); margin: 0; background: #f6f7f9; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
.muted { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin: 16px 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.ok { color: var(--ok); } .bad { color: var(--bad); }
.scroll { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f5; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:last-child td { border-bottom: 0; }
.chart { position: relative; height: 360px; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px; margin: 12px 0; }
ul.warnings li { margin: 4px 0; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
.answer h3 { margin: 12px 0 4px; }
.answer ol, .answer ul { margin: 4px 0; padding-left: 22px; }
.answer li { margin: 2px 0; }
@page { margin: 12mm; }
@media print {
  body { background: #fff; font-size: 9pt; line-height: 1.3; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 16pt; }
  h2 { font-size: 12pt; margin: 14px 0 4px; break-after: avoid; }
  h3 { font-size: 10pt; margin: 8px 0 2px; break-after: avoid; }
  .first-page { break-after: page; }
  .cards { grid-template-columns: repeat(4, 1fr); gap: 6px; margin: 8px 0; }
  .card { padding: 4px 8px; }
  .card .value { font-size: 13pt; }
  .scroll { overflow: visible; border: 0; border-radius: 0; }
  table { font-size: 7pt; width: 100%; }
  th, td { padding: 2px 4px; }
  th { white-space: normal; }
  td { overflow-wrap: anywhere; }
  tr { break-inside: avoid; }
  .chart { height: 240px; break-inside: avoid; }
  details > summary { list-style: none; }
}
`;

const INIT = `
(function () {
  var specs = JSON.parse(document.getElementById('lokiplan-charts').textContent);
  window.lokiplanCharts = specs.map(function (s) {
    return new Chart(document.getElementById('chart-' + s.id), s.config);
  });
})();
`;

/** "Does it hold? What breaks first? What does holding cost?": the report's first section. */
function answerHtml(a: VerdictAnswer): string[] {
  const list = (tag: 'ol' | 'ul', xs: readonly string[]) => `<${tag}>${xs.map((x) => `<li>${esc(x)}</li>`).join('')}</${tag}>`;
  const out = ['<div class="answer">', '<h2 id="verdict">Does it hold?</h2>', `<p class="${a.holds ? 'ok' : 'bad'}"><strong>${esc(a.verdict)}</strong></p>`];
  if (a.breaks.length) out.push('<h3>What breaks first</h3>', list('ol', a.breaks));
  else if (a.tightest) out.push(`<p>Nothing fails. The least headroom: ${esc(a.tightest)}</p>`);
  if (a.changes.length) out.push('<h3>What to change</h3>', list('ul', a.changes));
  if (a.holding.length) out.push('<h3>What holding costs</h3>', list('ul', a.holding));
  out.push('</div>');
  return out;
}

/** The capacity check (lokiplan check): its heading lines and one table per case. */
function checkHtml(c: CheckReport, h: 'h1' | 'h2'): string[] {
  const sub = h === 'h1' ? 'h2' : 'h3';
  const [verdict, ...head] = checkHeader(c);
  const out = [h === 'h1' ? `<h1>lokiplan check: ${esc(c.scenario)}</h1>` : '<h2 id="check">Capacity check (lokiplan check)</h2>'];
  out.push(`<p class="${c.holds ? 'ok' : 'bad'}"><strong>${esc(verdict!)}</strong></p>`, `<p class="muted">${head.map(esc).join('<br>')}</p>`);
  for (const t of checkTables(c)) out.push(`<${sub}>${esc(t.title)}</${sub}>`, htmlTable(t.table, 'check'));
  if (h === 'h1' && c.fixes.length) out.push(`<${sub}>What to change</${sub}>`, `<ul>${c.fixes.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`);
  return out;
}

/** `check --format html`: one self-contained page, every scenario's check in turn (no script). */
export function renderCheckHtml(cs: readonly CheckReport[]): string {
  const title = cs.length === 1 ? `${cs[0]!.scenario}: lokiplan check` : 'lokiplan check';
  return page(title, cs.flatMap((c) => checkHtml(c, 'h1')), []);
}

function page(title: string, body: readonly string[], scripts: readonly string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    ...scripts,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function renderHtml(p: Plan, o: HtmlOptions): string {
  const s = summary(p);
  const specs = charts(p).map((c) => ({ id: c.id, config: chartJsConfig(c, { responsive: true }) }));
  const canvas = (id: string) =>
    specs.some((c) => c.id === id) ? `<div class="chart"><canvas id="chart-${id}" role="img" aria-label="${esc(charts(p).find((c) => c.id === id)!.title)}"></canvas></div>` : '';
  const card = (label: string, value: string, cls = '') => `<div class="card"><div class="label">${esc(label)}</div><div class="value ${cls}">${esc(value)}</div></div>`;

  const body: string[] = [];
  body.push(`<h1>${esc(p.scenario)}</h1>`);
  body.push(`<p class="muted">${esc(headline(p))}; charge period ${esc(periodText(o.period, p.hoursPerMonth))}</p>`);
  body.push('<section class="first-page">');
  body.push(...answerHtml(verdictAnswer(p)));
  body.push('<h2 id="summary">Summary</h2>');
  body.push(`<p>${esc(workloadText(p))}</p>`);
  body.push('<div class="cards">');
  body.push(card(p.meetsTarget ? 'monthly cost' : 'monthly cost as written', s.total));
  const hold = holdingPrice(p);
  if (hold) body.push(card(`cheapest plan that holds (${hold.mode})`, usd(hold.cents)));
  if (s.baseline !== null) body.push(card(`baseline (${p.baseline!.mode})`, s.baseline), card('difference', s.delta!));
  body.push(card('meets its target', s.meetsTarget ? 'yes' : 'NO', s.meetsTarget ? 'ok' : 'bad'));
  if (s.baselineMeetsTarget !== null) body.push(card('baseline meets the target', s.baselineMeetsTarget ? 'yes' : 'NO', s.baselineMeetsTarget ? 'ok' : 'bad'));
  body.push('</div>');
  body.push('</section>');

  body.push(...checkHtml(p.capacity, 'h2'));

  body.push('<h2 id="sizing">Sizing</h2>', htmlTable(sizingTable(p)));
  const nodes = nodesTable(p);
  body.push(nodes ? `<h3>Nodes (requests as a share of allocatable)</h3>\n${htmlTable(nodes)}` : '<p>Per-vCPU pricing: no nodes placed.</p>');

  body.push('<h2 id="cost">Cost by category</h2>', canvas('cost-by-category'), htmlTable(categoryTable(p)));

  if (p.alternatives) body.push(...alternativesHtml(p, canvas('alternatives')));

  body.push('<h2 id="s3">S3 storage by class and age</h2>');
  const st = storageTable(p);
  body.push(st ? `${canvas('s3-storage')}\n${htmlTable(st)}\n<p class="muted">${esc(storageNote(p))}</p>` : '<p>Nothing is stored in S3 (chunks live on the pod volume).</p>');

  body.push('<h2 id="lines">Cost lines</h2>', htmlTable(priceStatusTable(p.lines)), '<p></p>', htmlTable(linesTable(p.lines), 'lines'));
  if (p.omitted.length) body.push('<h3>Priced but left out of the totals</h3>', htmlTable(linesTable(p.omitted), 'lines'));
  if (p.baseline) body.push(`<h3>Baseline: ${esc(p.baseline.scenario)}</h3>`, htmlTable(linesTable(p.baseline.lines), 'lines'));

  const claims = claimLines(p);
  if (claims.length) {
    body.push('<h2 id="claims">Claims</h2><ul>');
    for (const c of claims) body.push(`<li><strong class="${c.holds ? 'ok' : 'bad'}">${c.holds ? 'holds' : 'does not hold'}</strong>: ${esc(c.text)}</li>`);
    body.push('</ul>');
  }
  const warnings = allWarnings(p);
  if (warnings.length) {
    body.push('<h2 id="warnings">Warnings</h2><ul class="warnings">');
    for (const w of warnings) body.push(`<li>${esc(w.message)}</li>`);
    body.push('</ul>');
  }
  body.push('<h2 id="assumptions">Assumptions</h2>');
  body.push(htmlTable({ head: ['assumption', 'source'], align: ['l', 'l'], rows: p.assumptions.map((a) => [a.text, a.source]) }));
  body.push(`<footer>lokiplan; prices ${esc(p.prices.source)} as of ${esc(p.prices.asOf)}. All amounts USD a month, rounded to the cent so that lines add up to the totals.</footer>`);

  return page(`${p.scenario}: lokiplan report`, body, [
    `<script>${scriptSafe(o.chartJs)}</script>`,
    `<script type="application/json" id="lokiplan-charts">${jsonForScript(specs)}</script>`,
    `<script>${INIT}</script>`,
  ]);
}
