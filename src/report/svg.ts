/**
 * Hand-written SVG charts (no dependencies, no fonts to ship): a line chart for sweeps and
 * forecasts, a tornado chart for sensitivity. Pure: data in, SVG text out, deterministic.
 */
import { usd } from '../text/money.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const r2 = (x: number) => Math.round(x * 100) / 100;

/** Round axis ticks: about `n` steps of 1, 2 or 5 x 10^k. */
export function ticks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const fmtTick = (v: number) => (Math.abs(v) >= 1e6 ? `${r2(v / 1e6)}M` : Math.abs(v) >= 1e4 ? `${r2(v / 1e3)}k` : String(Number(v.toPrecision(6))));

export interface LineSeries {
  name: string;
  /** [x, y] with y in dollars */
  points: [number, number][];
  /** per point: the plan there misses its target (drawn dashed with red rings, said in the legend) */
  failing?: boolean[];
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  /** labels for x ticks when x is categorical (index positions) */
  xCategories?: string[];
  note?: string;
}

export function lineChart(c: LineChartSpec): string {
  const W = 760;
  const H = 420;
  const m = { l: 80, r: 230, t: 40, b: 60 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const xs = c.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = c.series.flatMap((s) => s.points.map((p) => p[1]));
  let x0 = Math.min(...xs);
  let x1 = Math.max(...xs);
  if (!(x1 > x0)) (x0 -= 1), (x1 += 1);
  let y0 = Math.min(0, ...ys);
  let y1 = Math.max(...ys);
  if (!(y1 > y0)) y1 = y0 + 1;
  const yt = ticks(y0, y1);
  if (yt.length > 1 && yt[yt.length - 1]! < y1) yt.push(Number((2 * yt[yt.length - 1]! - yt[yt.length - 2]!).toPrecision(12)));
  y1 = Math.max(y1, yt[yt.length - 1]!);
  y0 = Math.min(y0, yt[0]!);
  const X = (x: number) => r2(m.l + ((x - x0) / (x1 - x0)) * pw);
  const Y = (y: number) => r2(m.t + ph - ((y - y0) / (y1 - y0)) * ph);
  const o: string[] = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  o.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  o.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(c.title)}</text>`);
  for (const v of yt) {
    o.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${Y(v)}" y2="${Y(v)}" stroke="#e5e5e5"/>`);
    o.push(`<text x="${m.l - 6}" y="${Y(v) + 4}" text-anchor="end">$${esc(fmtTick(v))}</text>`);
  }
  const xt = c.xCategories ? c.xCategories.map((_, i) => i) : ticks(x0, x1, 6);
  const step = c.xCategories ? Math.max(1, Math.ceil(c.xCategories.length / 12)) : 1;
  xt.forEach((v, i) => {
    if (i % step) return;
    o.push(`<line x1="${X(v)}" x2="${X(v)}" y1="${m.t + ph}" y2="${m.t + ph + 4}" stroke="#333"/>`);
    o.push(`<text x="${X(v)}" y="${m.t + ph + 18}" text-anchor="middle">${esc(c.xCategories ? c.xCategories[v]! : fmtTick(v))}</text>`);
  });
  o.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${m.t + ph}" y2="${m.t + ph}" stroke="#333"/>`);
  o.push(`<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${m.t + ph}" stroke="#333"/>`);
  o.push(`<text x="${m.l + pw / 2}" y="${H - 18}" text-anchor="middle">${esc(c.xLabel)}</text>`);
  o.push(`<text transform="translate(18 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`);
  c.series.forEach((s, i) => {
    const col = PALETTE[i % PALETTE.length]!;
    const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${X(p[0])} ${Y(p[1])}`).join(' ');
    o.push(`<path d="${d}" fill="none" stroke="${col}" stroke-width="2"/>`);
    if (s.points.length <= 60) for (const p of s.points) o.push(`<circle cx="${X(p[0])}" cy="${Y(p[1])}" r="2.5" fill="${col}"/>`);
    const fails = s.failing?.filter(Boolean).length ?? 0;
    if (fails) {
      // a cost where the deployment cannot carry its load is not a price to compare: mark it
      s.points.forEach((p, j) => {
        if (!s.failing![j]) return;
        const q = s.points[j + 1];
        if (q && s.failing![j + 1]) o.push(`<line x1="${X(p[0])}" y1="${Y(p[1])}" x2="${X(q[0])}" y2="${Y(q[1])}" stroke="#fff" stroke-width="2" stroke-dasharray="3 4"/>`);
        o.push(`<circle cx="${X(p[0])}" cy="${Y(p[1])}" r="4.5" fill="none" stroke="#d62728" stroke-width="1.5"/>`);
      });
    }
    const ly = m.t + 10 + i * 30;
    o.push(`<rect x="${m.l + pw + 14}" y="${ly - 8}" width="12" height="4" fill="${col}"/>`);
    o.push(`<text x="${m.l + pw + 32}" y="${ly - 2}">${esc(s.name.length > 30 ? `${s.name.slice(0, 29)}…` : s.name)}</text>`);
    if (fails) o.push(`<text x="${m.l + pw + 32}" y="${ly + 11}" font-size="10" fill="#d62728">misses its target at ${fails === s.points.length ? 'every point' : `${fails} of ${s.points.length} points`}</text>`);
  });
  if (c.note) o.push(`<text x="${m.l}" y="${H - 4}" font-size="10" fill="#666">${esc(c.note)}</text>`);
  o.push('</svg>');
  return `${o.join('\n')}\n`;
}

export interface TornadoBar {
  name: string;
  lowLabel: string;
  highLabel: string;
  /** monthly cost in cents at the low and the high input value */
  lowCents: number;
  highCents: number;
}

/** Bars centred on the base cost, largest swing on top (bars arrive sorted). */
export function tornadoChart(title: string, baseCents: number, bars: readonly TornadoBar[]): string {
  const rowH = 30;
  // room for the longest input name left of the bars (about 7 px a character at 12 px), and for the
  // value labels beyond each bar's ends (about 6 px a character at 10 px), so no text overlaps
  const nameW = Math.min(360, Math.max(120, 7 * Math.max(0, ...bars.map((b) => b.name.length)) + 16));
  const labelW = 6 * Math.max(0, ...bars.flatMap((b) => [b.lowLabel.length, b.highLabel.length])) + 10;
  const m = { l: nameW + labelW, r: 20 + labelW, t: 50, b: 50 };
  const W = Math.max(820, m.l + m.r + 360);
  const H = m.t + m.b + Math.max(1, bars.length) * rowH;
  const pw = W - m.l - m.r;
  const all = [baseCents, ...bars.flatMap((b) => [b.lowCents, b.highCents])];
  let lo = Math.min(...all) / 100;
  let hi = Math.max(...all) / 100;
  const pad = Math.max((hi - lo) * 0.08, 1);
  lo -= pad;
  hi += pad;
  const X = (cents: number) => r2(m.l + ((cents / 100 - lo) / (hi - lo)) * pw);
  const o: string[] = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  o.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  o.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`);
  for (const v of ticks(lo, hi, 6)) {
    o.push(`<line x1="${X(v * 100)}" x2="${X(v * 100)}" y1="${m.t - 6}" y2="${H - m.b}" stroke="#eee"/>`);
    o.push(`<text x="${X(v * 100)}" y="${H - m.b + 16}" text-anchor="middle">$${esc(fmtTick(v))}</text>`);
  }
  bars.forEach((b, i) => {
    const y = m.t + i * rowH;
    const a = Math.min(b.lowCents, b.highCents);
    const z = Math.max(b.lowCents, b.highCents);
    const base = X(baseCents);
    // the part below the base cost (cheaper) in green, above it in red
    if (a < baseCents) o.push(`<rect x="${X(a)}" y="${y + 4}" width="${r2(base - X(a))}" height="${rowH - 10}" fill="#59a14f"/>`);
    if (z > baseCents) o.push(`<rect x="${base}" y="${y + 4}" width="${r2(X(z) - base)}" height="${rowH - 10}" fill="#e15759"/>`);
    o.push(`<text x="${nameW - 8}" y="${y + rowH / 2 + 3}" text-anchor="end">${esc(b.name.length > 50 ? `${b.name.slice(0, 49)}…` : b.name)}</text>`);
    const lx = X(b.lowCents);
    const hx = X(b.highCents);
    const left = b.lowCents <= b.highCents;
    o.push(`<text x="${left ? lx - 4 : lx + 4}" y="${y + rowH / 2 + 3}" text-anchor="${left ? 'end' : 'start'}" font-size="10" fill="#333">${esc(b.lowLabel)}</text>`);
    o.push(`<text x="${left ? hx + 4 : hx - 4}" y="${y + rowH / 2 + 3}" text-anchor="${left ? 'start' : 'end'}" font-size="10" fill="#333">${esc(b.highLabel)}</text>`);
  });
  o.push(`<line x1="${X(baseCents)}" x2="${X(baseCents)}" y1="${m.t - 6}" y2="${H - m.b}" stroke="#000" stroke-dasharray="4 3"/>`);
  o.push(`<text x="${X(baseCents)}" y="${m.t - 10}" text-anchor="middle">base ${esc(usd(baseCents))}</text>`);
  o.push(`<text x="${m.l + pw / 2}" y="${H - 12}" text-anchor="middle">monthly cost (USD)</text>`);
  o.push('</svg>');
  return `${o.join('\n')}\n`;
}
