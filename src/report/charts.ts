/**
 * The report charts as data: which bars, which numbers, which colours. Pure: the HTML report hands
 * these to Chart.js in the browser, the Markdown report to Chart.js on @napi-rs/canvas (png.ts), so
 * both show the same pictures. Money comes from roundTotals, so a chart agrees with its table.
 */
import { fmtNum } from '../model/format.js';
import { CATEGORIES, type Plan, type StorageSegment } from '../model/types.js';
import type { AltCategory } from '../model/types.js';
import { altRows, lokiFigures, type AltRow } from './alternatives.js';
import { roundTotals, usd } from '../text/money.js';
import { CATEGORY_LABEL } from './table.js';

export interface ChartDataset {
  label: string;
  data: (number | null)[];
  color: string;
}

export interface ChartSpec {
  /** file-name-safe identifier: the PNG is `<id>.png`, the canvas `chart-<id>` */
  id: string;
  title: string;
  labels: string[];
  datasets: ChartDataset[];
  yTitle: string;
  /** tick prefix on the value axis, e.g. '$' */
  valuePrefix: string;
  /** bars run left to right, one per label, so long labels do not overlap */
  horizontal?: boolean;
  /** a logarithmic value axis: figures a thousand times apart stay readable */
  logScale?: boolean;
}

const CATEGORY_COLOR: Record<string, string> = {
  compute: '#4e79a7',
  blockStorage: '#f28e2b',
  objectStorage: '#59a14f',
  requests: '#e15759',
  dataTransfer: '#76b7b2',
  other: '#9c755f',
};

const CLASS_LABEL: Record<StorageSegment['class'], string> = {
  STANDARD: 'Standard',
  INTELLIGENT_TIERING: 'Intelligent-Tiering',
  INTELLIGENT_TIERING_FA: 'Intelligent-Tiering (Frequent Access)',
  INTELLIGENT_TIERING_IA: 'Intelligent-Tiering (Infrequent Access)',
  INTELLIGENT_TIERING_AIA: 'Intelligent-Tiering (Archive Instant)',
  STANDARD_IA: 'Standard-IA',
  GLACIER_IR: 'Glacier Instant Retrieval',
  GLACIER: 'Glacier Flexible Retrieval',
  DEEP_ARCHIVE: 'Glacier Deep Archive',
};
const CLASS_COLOR: Record<StorageSegment['class'], string> = {
  STANDARD: '#59a14f',
  INTELLIGENT_TIERING: '#8cd17d',
  INTELLIGENT_TIERING_FA: '#8cd17d',
  INTELLIGENT_TIERING_IA: '#b6992d',
  INTELLIGENT_TIERING_AIA: '#f1ce63',
  STANDARD_IA: '#499894',
  GLACIER_IR: '#86bcb6',
  GLACIER: '#79706e',
  DEEP_ARCHIVE: '#bab0ac',
};

export const storageClassLabel = (c: StorageSegment['class']): string => CLASS_LABEL[c];

/** Monthly cost by category, the scenario next to its baseline, as stacked bars (dollars, to the cent). */
export function costByCategoryChart(p: Plan): ChartSpec {
  const sides = [{ label: 'scenario', lines: p.lines }, ...(p.baseline ? [{ label: `baseline (${p.baseline.mode})`, lines: p.baseline.lines }] : [])];
  const rounded = sides.map((s) => roundTotals(s.lines, CATEGORIES));
  const used = CATEGORIES.filter((c) => rounded.some((r) => r.byCategory[c] !== 0));
  return {
    id: 'cost-by-category',
    title: p.baseline ? 'Monthly cost by category: scenario vs baseline (USD)' : 'Monthly cost by category (USD)',
    labels: sides.map((s, i) => `${s.label}: ${usd(rounded[i]!.total)}`),
    datasets: used.map((c) => ({ label: CATEGORY_LABEL[c], data: rounded.map((r) => r.byCategory[c]! / 100), color: CATEGORY_COLOR[c]! })),
    yTitle: 'USD per month',
    valuePrefix: '$',
  };
}

/** S3 GB at steady state by object age, one colour per storage class; null when nothing is in S3. */
export function s3StorageChart(p: Plan): ChartSpec | null {
  const segs = p.storage.segments.filter((s) => s.gb > 0);
  if (segs.length === 0) return null;
  const classes = [...new Set(segs.map((s) => s.class))];
  return {
    id: 's3-storage',
    title: 'S3 storage at steady state by object age and class (GB)',
    labels: segs.map((s) => `days ${fmtNum(s.fromDay)}-${fmtNum(s.toDay)}`),
    datasets: classes.map((c) => ({
      label: CLASS_LABEL[c],
      data: segs.map((s) => (s.class === c ? Math.round(s.gb * 10) / 10 : null)),
      color: CLASS_COLOR[c],
    })),
    yTitle: 'GB stored',
    valuePrefix: '',
  };
}

const ALT_CATEGORY: Record<AltCategory, { label: string; color: string }> = {
  ingest: { label: 'ingestion', color: '#e15759' },
  indexing: { label: 'indexing', color: '#b07aa1' },
  compute: { label: 'compute', color: '#4e79a7' },
  storage: { label: 'storage', color: '#59a14f' },
  query: { label: 'queries', color: '#76b7b2' },
};

/** This Loki plan next to the same workload elsewhere (plan --alternatives), stacked by what each bills for. */
export function alternativesChart(p: Plan): ChartSpec | null {
  const r = p.alternatives;
  if (!r || r.priced.length === 0) return null;
  const rows = altRows(r).sort((a, b) => a.totalCents - b.totalCents);
  const f = lokiFigures(p);
  // the Loki plan that holds first (what the alternatives are compared with), then the plan as written, labelled
  const lokiBars = f.holds || !f.holding ? [{ label: `self-hosted Loki (this plan): ${usd(f.asWritten)}`, cents: f.asWritten }] : [
    { label: `self-hosted Loki, the plan that holds (${f.holding.mode}): ${usd(f.holding.cents)}`, cents: f.holding.cents },
    { label: `self-hosted Loki as written (does not hold): ${usd(f.asWritten)}`, cents: f.asWritten },
  ];
  const none = lokiBars.map(() => null);
  const cats = (Object.keys(ALT_CATEGORY) as AltCategory[]).filter((c) => rows.some((row) => row.alt.lines.some((l) => l.category === c)));
  const byCat = (row: AltRow, c: AltCategory) => row.alt.lines.reduce((a, l, i) => a + (l.category === c ? row.lineCents[i]! : 0), 0) / 100;
  return {
    id: 'alternatives',
    title: 'The same workload elsewhere: monthly cost (USD, logarithmic scale)',
    labels: [...lokiBars.map((b) => b.label), ...rows.map((row) => `${row.alt.name}: ${usd(row.totalCents)}`)],
    datasets: [
      { label: 'self-hosted Loki', data: [...lokiBars.map((b) => b.cents / 100), ...rows.map(() => null)], color: '#9c755f' },
      ...cats.map((c) => ({ label: ALT_CATEGORY[c].label, data: [...none, ...rows.map((row) => byCat(row, c))], color: ALT_CATEGORY[c].color })),
    ],
    yTitle: 'USD per month (log scale)',
    valuePrefix: '$',
    horizontal: true,
    logScale: true,
  };
}

export function charts(p: Plan): ChartSpec[] {
  return [costByCategoryChart(p), s3StorageChart(p), alternativesChart(p)].filter((c): c is ChartSpec => c !== null);
}

/**
 * A Chart.js configuration for a spec: stacked bars, no animation (the first frame is the final
 * one, for PNG and for tests). Plain JSON (no callbacks), so the same object works in the
 * browser and in Node.
 */
export function chartJsConfig(spec: ChartSpec, opts: { responsive: boolean; fontFamily?: string }) {
  return {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map((d) => ({ label: d.label, data: d.data, backgroundColor: d.color, borderWidth: 0, maxBarThickness: 140 })),
    },
    options: {
      animation: false,
      responsive: opts.responsive,
      maintainAspectRatio: false,
      plugins: {
        title: { display: true, text: spec.title, font: { size: 16 } },
        legend: { position: 'bottom' },
      },
      ...(spec.horizontal ? { indexAxis: 'y' } : {}),
      scales: spec.horizontal
        ? {
            y: { stacked: true },
            x: { stacked: true, ...(spec.logScale ? { type: 'logarithmic' } : { beginAtZero: true }), title: { display: true, text: spec.yTitle } },
          }
        : {
            x: { stacked: true },
            y: { stacked: true, ...(spec.logScale ? { type: 'logarithmic' } : { beginAtZero: true }), title: { display: true, text: spec.yTitle } },
          },
      ...(opts.fontFamily ? { font: { family: opts.fontFamily } } : {}),
    },
  };
}
