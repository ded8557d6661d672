/**
 * `lokiplan sweep FILE --vary FIELD=VALUES ...`: plan every point of a grid of field values and
 * stream one CSV row per point (no plans are held), optionally with a line chart of the total.
 */
import { progress, terminalWidth } from './terminal.js';
import { fitText } from '../report/fit.js';
import type { RunContext } from './context.js';
import { usd } from '../text/money.js';
import { lineChart, type LineSeries } from '../report/svg.js';
import { labelCells, sweepHeader, sweepRow } from '../report/whatif-csv.js';
import { buildGrid, DEFAULT_MAX_POINTS, evaluate, forEachPoint, type Grid } from '../whatif/grid.js';
import { numUnit } from '../whatif/values.js';
import { openOutput, writeAtomic, type OutputFile, type WriteContext } from './io.js';
import { booksFor, checkWork, docWeight, intOption, loadDoc, readText } from './whatif-common.js';

export interface SweepOptions {
  vary?: string[];
  out?: string;
  chart?: string;
  maxPoints?: string;
  baseline?: boolean;
  prices: string;
}

/** A sink that buffers rows and writes them in large chunks (to a temp file, renamed at the end). */
class Sink {
  private buf: string[] = [];
  private size = 0;
  private out: OutputFile | null = null;
  constructor(
    path: string | undefined,
    private readonly stdout: (s: string) => void,
    ctx: WriteContext,
  ) {
    // not registered for SIGINT: the grid is computed synchronously, and a handler would hold
    // Ctrl-C until it ends; a temp file an interrupted sweep leaves is removed by the next run
    if (path) this.out = openOutput(path, ctx);
  }
  write(s: string) {
    this.buf.push(s);
    this.size += s.length;
    if (this.size >= 1 << 16) this.flush();
  }
  private flush() {
    const chunk = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (this.out) this.out.write(chunk);
    else this.stdout(chunk);
  }
  close() {
    this.flush();
    this.out?.commit();
    this.out = null;
  }
  abort() {
    this.out?.abort();
    this.out = null;
  }
}

export interface SweepResult {
  grid: Grid;
  totals: Float64Array;
  failing: number;
}

/** Run the grid, streaming CSV to `sink`; returns the totals (cents) per point for the summary and chart. */
export function runGrid(grid: Grid, books: ReturnType<typeof booksFor>, withBaseline: boolean, write: (s: string) => void, onPoint: (done: number) => void = () => {}): SweepResult {
  const cells = grid.axes.map((a) => labelCells(a.values.map((v) => v.label)));
  write(sweepHeader(grid.axes.map((a) => a.name), withBaseline));
  const totals = new Float64Array(grid.points);
  let p = 0;
  let failing = 0;
  forEachPoint(grid, (idx, s) => {
    let labels = '';
    for (let a = 0; a < idx.length; a++) labels += (a ? ',' : '') + cells[a]![idx[a]!]!;
    const e = evaluate(s, books, withBaseline);
    const { row, totalCents } = sweepRow(labels, e.side, e.baseline, withBaseline);
    if (!e.side.meetsTarget) failing++;
    totals[p++] = totalCents;
    write(row);
    onPoint(p);
  });
  return { grid, totals, failing };
}

/** Lines a sweep chart draws before it summarises (10 overlapping lines could not be told apart). */
export const MAX_SERIES = 6;

export function sweepChart(r: SweepResult, title: string): string {
  const [first, ...rest] = r.grid.axes;
  const nums = first!.values.map((v) => numUnit(v.label)?.n);
  const numeric = nums.every((n) => n !== undefined) && new Set(nums).size === nums.length;
  const restCount = rest.reduce((a, x) => a * x.values.length, 1);
  // at most MAX_SERIES lines stay legible; beyond that the rest is summarised as its lowest and highest
  const shown = restCount <= MAX_SERIES ? restCount : MAX_SERIES - 2;
  const series: LineSeries[] = [];
  for (let c = 0; c < shown; c++) {
    // the label of combination c of the other axes
    let k = c;
    const parts: string[] = [];
    for (let a = rest.length - 1; a >= 0; a--) {
      const n = rest[a]!.values.length;
      parts.unshift(`${rest[a]!.name}=${rest[a]!.values[k % n]!.label}`);
      k = Math.floor(k / n);
    }
    series.push({
      name: parts.join(', ') || 'total',
      points: first!.values.map((_, i) => [numeric ? nums[i]! : i, r.totals[i * restCount + c]! / 100]),
    });
  }
  if (shown < restCount) {
    const x = (i: number) => (numeric ? nums[i]! : i);
    const others = (i: number) => Array.from({ length: restCount - shown }, (_, j) => r.totals[i * restCount + shown + j]! / 100);
    series.push({ name: `other ${restCount - shown}: lowest`, points: first!.values.map((_, i) => [x(i), Math.min(...others(i))]) });
    series.push({ name: `other ${restCount - shown}: highest`, points: first!.values.map((_, i) => [x(i), Math.max(...others(i))]) });
  }
  return lineChart({
    title,
    xLabel: numeric && numUnit(first!.values[0]!.label)?.unit ? `${first!.name} (${numUnit(first!.values[0]!.label)!.unit})` : first!.name,
    yLabel: 'monthly cost (USD)',
    series,
    ...(numeric ? {} : { xCategories: first!.values.map((v) => v.label) }),
    ...(shown < restCount ? { note: `showing ${shown} of ${restCount} series and the lowest and highest of the other ${restCount - shown} at each point; every point is in the CSV` } : {}),
  });
}

export function runSweep(file: string, o: SweepOptions, ctx: RunContext): number {
  const maxPoints = intOption('--max-points', o.maxPoints, DEFAULT_MAX_POINTS, 1, 1e9);
  const doc = loadDoc(file);
  const books = booksFor(o.prices, file, ctx.now());
  const grid = buildGrid(doc, file, readText, o.vary ?? [], maxPoints);
  // a heavy scenario counts for more: --max-points bounds the work, not only the points
  checkWork('sweep', grid.points, docWeight(doc), '--max-points', maxPoints, ctx);
  const sink = new Sink(o.out, ctx.stdout, ctx);
  let r: SweepResult;
  const bar = progress(ctx, 'sweep', grid.points, 'points');
  try {
    r = runGrid(grid, books, !!o.baseline && grid.base.baseline !== null, (s) => sink.write(s), bar.tick);
    sink.close();
  } catch (e) {
    sink.abort();
    throw e;
  } finally {
    bar.end();
  }
  if (o.chart) writeAtomic(o.chart, sweepChart(r, `${grid.base.name}: monthly cost`), ctx);
  if (o.out) {
    let lo = 0;
    let hi = 0;
    for (let i = 1; i < r.totals.length; i++) {
      if (r.totals[i]! < r.totals[lo]!) lo = i;
      if (r.totals[i]! > r.totals[hi]!) hi = i;
    }
    const at = (i: number) => {
      const parts: string[] = [];
      let k = i;
      for (let a = grid.axes.length - 1; a >= 0; a--) {
        const n = grid.axes[a]!.values.length;
        parts.unshift(`${grid.axes[a]!.name}=${grid.axes[a]!.values[k % n]!.label}`);
        k = Math.floor(k / n);
      }
      return parts.join(', ');
    };
    const lines = [
      `${grid.base.name}: ${grid.points.toLocaleString('en-US')} points (${grid.axes.map((a) => `${a.name}: ${a.values.length}`).join(' x ')})`,
      `cheapest: ${usd(r.totals[lo]!)} a month at ${at(lo)}`,
      `dearest:  ${usd(r.totals[hi]!)} a month at ${at(hi)}`,
      `${r.failing.toLocaleString('en-US')} ${r.failing === 1 ? 'point does' : 'points do'} not meet the target`,
      `wrote ${o.out}`,
    ];
    if (o.chart) lines.push(`wrote ${o.chart}`);
    ctx.stdout(`${fitText(lines.join('\n'), terminalWidth(ctx, {}))}\n`);
  } else if (o.chart) {
    ctx.stderr(`wrote ${o.chart}\n`);
  }
  return 0;
}
