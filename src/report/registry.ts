/**
 * The renderer registry: every output format of a plan, in ONE table. The CLI's `--format`
 * choices, the files `--out` writes for each plan, `scripts/reports.mjs` (through dist/lib.js) and
 * the report tests are all derived from it. Adding a format is one entry here; the compiler then
 * asks for its stdout rendering and its files.
 *
 * Pure: renderers take the plan and options; the chart script (read from node_modules) is passed in
 * by the command. Chart PNGs are drawn lazily (canvas is a heavy native module).
 */
import type { CheckReport } from '../model/types.js';
import type { Plan } from '../model/types.js';
import { renderCheckJson, renderCheckTable } from './check.js';
import { charts } from './charts.js';
import { renderBaselineCostCsv, renderCostCsv, renderCostSummaryCsv, renderOmittedCostCsv, renderSizingCsv } from './csv.js';
import { renderCheckHtml, renderHtml } from './html.js';
import { renderJson } from './json.js';
import { chartFile, renderCheckMarkdown, renderMarkdown } from './markdown.js';
import type { ChargePeriod } from './period.js';
import { renderTable } from './table.js';

export interface RenderOptions {
  /** charge period for CSV, HTML and Markdown */
  period: ChargePeriod;
  /** Chart.js's browser build, read by the command only when a format needs it */
  chartJs: () => string;
  /** terminal width for the table on stdout (COLUMNS or the tty); undefined: one line per row */
  width?: number;
}

export interface OutFile {
  name: string;
  body: string | Uint8Array;
}

/** One file `--out` writes per plan (only for the plans `when` accepts, if given). */
export interface FileRenderer {
  name: string;
  render(p: Plan, o: RenderOptions): string;
  when?: (p: Plan) => boolean;
}

export interface Renderer {
  /** one line for `--help` and the README */
  description: string;
  /** what `--format <this>` prints on stdout */
  render(plans: readonly Plan[], o: RenderOptions): string;
  /** stdout takes only one plan (say so instead of rendering the first) */
  onePlanOnStdout?: boolean;
  /** the files `--out DIR` writes for each plan, under DIR/<scenario>/ */
  files: readonly FileRenderer[];
  /** what `check --format <this>` prints (formats without it are not offered by check) */
  check?: (reports: readonly CheckReport[], o: { width?: number }) => string;
  /** further files drawn asynchronously (chart pictures); `always` names those every plan gets */
  assets?: { render(p: Plan, o: RenderOptions): Promise<OutFile[]>; always: readonly string[]; sometimes: readonly string[] };
}

async function chartPngs(p: Plan): Promise<OutFile[]> {
  const { renderChartPng } = await import('./png.js');
  return Promise.all(charts(p).map(async (c) => ({ name: chartFile(c.id), body: await renderChartPng(c) })));
}

const WORKBOOK = 'costs.xlsx';
async function workbook(p: Plan, o: RenderOptions): Promise<OutFile[]> {
  const { renderWorkbook } = await import('./xlsx.js');
  return [{ name: WORKBOOK, body: await renderWorkbook(p, o.period) }];
}

export const RENDERERS = {
  table: {
    description: 'terminal summary',
    render: (plans, o) => plans.map((p) => renderTable(p, { width: o.width })).join('\n'),
    files: [{ name: 'plan.txt', render: (p) => renderTable(p) }],
    check: (cs, o) => cs.map((c) => renderCheckTable(c, o.width)).join('\n'),
  },
  json: {
    description: 'the whole plan, lokiplan-plan/1',
    render: (plans) => renderJson(plans),
    files: [{ name: 'plan.json', render: (p) => renderJson([p]) }],
    check: (cs) => renderCheckJson([...cs]),
  },
  csv: {
    description: 'cost lines for finance as a FOCUS 1.2 dataset; --out adds the baseline, omitted, summary and sizing files and a workbook (costs.xlsx)',
    render: (plans, o) => renderCostCsv(plans, o.period),
    files: [
      { name: 'costs.csv', render: (p, o) => renderCostCsv([p], o.period) },
      { name: 'costs-baseline.csv', render: (p, o) => renderBaselineCostCsv([p], o.period), when: (p) => p.baseline !== null },
      { name: 'costs-omitted.csv', render: (p, o) => renderOmittedCostCsv([p], o.period), when: (p) => p.omitted.length > 0 },
      { name: 'costs-summary.csv', render: (p) => renderCostSummaryCsv([p]) },
      { name: 'sizing.csv', render: (p) => renderSizingCsv([p]) },
    ],
    assets: { render: workbook, always: [WORKBOOK], sometimes: [] },
  },
  html: {
    description: 'one self-contained page with charts',
    render: (plans, o) => renderHtml(plans[0]!, { period: o.period, chartJs: o.chartJs() }),
    onePlanOnStdout: true,
    files: [{ name: 'report.html', render: (p, o) => renderHtml(p, { period: o.period, chartJs: o.chartJs() }) }],
    check: (cs) => renderCheckHtml(cs),
  },
  md: {
    description: 'Markdown summary; --out adds the chart PNGs',
    render: (plans, o) => plans.map((p) => renderMarkdown(p, { period: o.period, images: false })).join('\n---\n\n'),
    files: [{ name: 'summary.md', render: (p, o) => renderMarkdown(p, { period: o.period, images: true }) }],
    assets: { render: chartPngs, always: [chartFile('cost-by-category')], sometimes: [chartFile('s3-storage')] },
    check: (cs) => renderCheckMarkdown(cs),
  },
} as const satisfies Record<string, Renderer>;

export type Format = keyof typeof RENDERERS;
export const FORMATS = Object.keys(RENDERERS) as Format[];
/** The registry with its entries typed as plain Renderers (optional members visible). */
export const RENDERER: Record<Format, Renderer> = RENDERERS;

/** The formats `check --format` offers: those with a check rendering. */
export const CHECK_FORMATS: readonly Format[] = FORMATS.filter((f) => RENDERER[f].check !== undefined);

/** The file names `--out` writes for every plan (charts that depend on the plan excluded). */
export const OUT_FILES: readonly string[] = FORMATS.flatMap((f) => [...RENDERER[f].files.filter((x) => !x.when).map((x) => x.name), ...(RENDERER[f].assets?.always ?? [])]);

/** Files `--out` writes only for some plans (a chart with nothing to draw is left out). */
export const OPTIONAL_OUT_FILES: readonly string[] = FORMATS.flatMap((f) => [...RENDERER[f].files.filter((x) => x.when).map((x) => x.name), ...(RENDERER[f].assets?.sometimes ?? [])]);

/** Every file `--out` writes for one plan, all rendered before any is written. */
export async function reportFiles(p: Plan, o: RenderOptions): Promise<OutFile[]> {
  const out: OutFile[] = [];
  for (const f of FORMATS) {
    const r = RENDERER[f];
    for (const x of r.files) if (!x.when || x.when(p)) out.push({ name: x.name, body: x.render(p, o) });
    if (r.assets) out.push(...(await r.assets.render(p, o)));
  }
  return out;
}
