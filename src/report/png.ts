/**
 * Chart specs -> PNG in Node: Chart.js drawing on @napi-rs/canvas, no browser. Both are loaded
 * lazily (they are external to the CLI bundle and cost start-up time). Text uses the shipped
 * DejaVu Sans (npm `dejavu-fonts-ttf`), so a machine without system fonts still gets labels and the
 * output is the same everywhere.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chartJsConfig, type ChartSpec } from './charts.js';

export const CHART_FONT = 'DejaVu Sans';
export const PNG_SIZE = { width: 900, height: 420, scale: 2 };

type ChartCtor = typeof import('chart.js').Chart;
let loaded: Promise<{ Chart: ChartCtor; createCanvas: typeof import('@napi-rs/canvas').createCanvas }> | null = null;

/** The font file shipped with the npm package `dejavu-fonts-ttf`. */
export function fontPath(): string {
  const req = createRequire(import.meta.url);
  return join(dirname(req.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');
}

function load() {
  loaded ??= (async () => {
    const [{ Chart, registerables }, canvas] = await Promise.all([import('chart.js'), import('@napi-rs/canvas')]);
    Chart.register(...registerables);
    if (!canvas.GlobalFonts.has(CHART_FONT)) {
      if (!canvas.GlobalFonts.registerFromPath(fontPath(), CHART_FONT)) throw new Error(`cannot load the chart font ${fontPath()}`);
    }
    Chart.defaults.font.family = CHART_FONT;
    Chart.defaults.color = '#1d2330';
    return { Chart, createCanvas: canvas.createCanvas };
  })();
  return loaded;
}

/** Render one chart to PNG bytes (white background, 2x pixel density). */
export async function renderChartPng(spec: ChartSpec, size = PNG_SIZE): Promise<Uint8Array> {
  const { Chart, createCanvas } = await load();
  const canvas = createCanvas(size.width * size.scale, size.height * size.scale);
  const config = chartJsConfig(spec, { responsive: false });
  const background = {
    id: 'lokiplan-background',
    beforeDraw(chart: { ctx: { save(): void; restore(): void; fillStyle: unknown; fillRect(x: number, y: number, w: number, h: number): void }; width: number; height: number }) {
      chart.ctx.save();
      chart.ctx.fillStyle = '#ffffff';
      chart.ctx.fillRect(0, 0, chart.width, chart.height);
      chart.ctx.restore();
    },
  };
  // Chart.js accepts any 2D context; @napi-rs/canvas implements the same API.
  const chart = new Chart(canvas.getContext('2d') as never, {
    ...(config as never as object),
    options: { ...config.options, devicePixelRatio: size.scale },
    plugins: [background],
  } as never);
  chart.resize(size.width, size.height);
  chart.update('none');
  const png = await canvas.encode('png');
  chart.destroy();
  return new Uint8Array(png);
}
