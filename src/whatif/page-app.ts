/**
 * The browser side of the interactive what-if page (bundled by scripts/build.mjs into
 * dist/whatif-app.js and inlined into the HTML by `lokiplan whatif`). It runs the same code as the
 * CLI: each moved slider sets its field on the scenario document, which the scenario loader
 * validates and normalises and the model plans, with the region's prices embedded as JSON: no
 * server, no network (see pageScenario). It opens on the plan's total: a slider left where it
 * opened sets nothing.
 */
import { PriceNotFoundError } from '../errors.js';
import { fmtNum } from '../model/format.js';
import { plan } from '../model/plan.js';
import type { Price, PriceBook } from '../model/prices.js';
import { CATEGORIES, type Scenario } from '../model/types.js';
import { roundTotals, usd } from '../text/money.js';
import { lineChart } from '../report/svg.js';
import { CATEGORY_LABEL } from '../text/labels.js';
import { pageScenario, type PageData, type PageInputs } from './page-model.js';

declare const document: any;

function booksOf(data: PageData): (region: string) => PriceBook {
  const cache = new Map<string, PriceBook>();
  return (region) => {
    let b = cache.get(region);
    if (b) return b;
    const r = data.prices[region];
    if (!r) throw new PriceNotFoundError('*', region, data.priceSource, 'region not embedded in this page');
    const prices = r.prices as Record<string, Price>;
    b = {
      id: data.priceSource,
      region,
      currency: 'USD',
      asOf: r.asOf,
      has: (k) => Object.hasOwn(prices, k),
      get(k) {
        const p = Object.hasOwn(prices, k) ? prices[k] : undefined;
        if (!p) throw new PriceNotFoundError(k, region, data.priceSource);
        return p;
      },
    };
    cache.set(region, b);
    return b;
  };
}

const $ = (id: string) => document.getElementById(id);

function read(): PageInputs {
  return {
    volumeGbPerDay: Number($('volume').value),
    retentionDays: Number($('retention').value),
    transitionDays: Number($('lifecycle-days').value),
    transitionClass: $('lifecycle-class').value,
    spotRead: Number($('spot').value) / 100,
    compressionRatio: Number($('compression').value),
    zones: Number($('zones').value),
    grpcCompression: $('grpc').value,
    sameZoneRouting: $('routing').value === 'true',
  };
}

/** The inputs as the page's controls hold them when it opens (a control may round a value to its step). */
let opened: PageInputs;

function totalCents(s: Scenario, books: (r: string) => PriceBook): number {
  const p = plan(s, books);
  return roundTotals(p.lines, CATEGORIES).total;
}

function update(data: PageData, books: (r: string) => PriceBook): void {
  const inputs = read();
  $('volume-out').textContent = `${fmtNum(inputs.volumeGbPerDay)} GB/day`;
  $('retention-out').textContent = `${inputs.retentionDays} days`;
  $('lifecycle-out').textContent = inputs.transitionDays > 0 && inputs.transitionClass !== 'none' ? `${inputs.transitionClass} after ${inputs.transitionDays} days` : 'no transition';
  $('spot-out').textContent = `${Math.round(inputs.spotRead * 100)}%`;
  $('compression-out').textContent = `${fmtNum(inputs.compressionRatio)}x`;
  let s: Scenario;
  let p: ReturnType<typeof plan>;
  try {
    s = pageScenario(data, inputs, opened);
    p = plan(s, books);
  } catch (e) {
    $('error').textContent = (e as Error).message;
    return;
  }
  $('error').textContent = '';
  $('levers').textContent = p.warnings.find((w) => w.code === 'network-lever')?.message ?? '';
  const r = roundTotals(p.lines, CATEGORIES);
  const total = $('total');
  total.textContent = usd(r.total);
  total.dataset.cents = String(r.total);
  const b = p.baseline ? roundTotals(p.baseline.lines, CATEGORIES).total : null;
  $('baseline').textContent = b === null ? 'no baseline' : `baseline ${usd(b)} (${p.baseline!.meetsTarget ? 'meets' : 'does not meet'} its target); difference ${usd(r.total - b)}`;
  $('verdict').textContent = p.meetsTarget ? 'meets the target' : `does not meet the target: ${p.topology.targets.filter((t) => !t.meetsTarget).map((t) => `${t.name}: ${t.verdict}`).join('; ')}`;
  $('verdict').className = p.meetsTarget ? 'ok' : 'bad';
  const max = Math.max(1, ...CATEGORIES.map((c) => r.byCategory[c]!));
  $('categories').innerHTML = CATEGORIES.map(
    (c) => `<tr><td>${CATEGORY_LABEL[c]}</td><td class="num">${usd(r.byCategory[c]!)}</td><td class="barcell"><div class="bar" style="width:${((r.byCategory[c]! / max) * 100).toFixed(1)}%"></div></td></tr>`,
  ).join('');
  $('sizing').innerHTML = p.topology.targets.map((t) => `<tr><td>${t.name}</td><td class="num">${t.replicas}</td><td class="num">${t.spotReplicas}</td></tr>`).join('') +
    `<tr><td>nodes</td><td class="num">${p.nodes.reduce((a, g) => a + g.count, 0)}</td><td class="num">${p.nodes.filter((g) => g.capacityType === 'spot').reduce((a, g) => a + g.count, 0)}</td></tr>`;
  // total against volume, a quarter to four times the chosen volume
  const pts: [number, number][] = [];
  const v0 = inputs.volumeGbPerDay;
  for (let i = 0; i <= 24; i++) {
    const v = Math.max(1, Math.round(v0 * 2 ** ((i - 12) / 6)));
    try {
      pts.push([v, totalCents(pageScenario(data, { ...inputs, volumeGbPerDay: v }, opened), books) / 100]);
    } catch {
      /* a volume outside the model: leave the point out */
    }
  }
  $('chart').innerHTML = lineChart({ title: 'Monthly cost against ingest volume', xLabel: 'ingest GB/day', yLabel: 'USD a month', series: [{ name: 'total', points: pts }] });
}

function main(): void {
  const data = JSON.parse($('lokiplan-data').textContent) as PageData;
  const books = booksOf(data);
  const i = data.initial;
  $('volume').max = String(Math.max(5000, Math.ceil(i.volumeGbPerDay * 4)));
  $('volume').value = String(i.volumeGbPerDay);
  $('retention').max = String(Math.max(400, Math.ceil(i.retentionDays)));
  $('retention').value = String(i.retentionDays);
  $('lifecycle-days').max = String(Math.max(400, Math.ceil(i.transitionDays)));
  $('lifecycle-days').value = String(i.transitionDays);
  $('compression').max = String(Math.max(20, Math.ceil(i.compressionRatio)));
  $('lifecycle-class').value = i.transitionClass;
  $('spot').value = String(Math.round(i.spotRead * 100));
  $('compression').value = String(i.compressionRatio);
  $('zones').value = String(i.zones);
  $('grpc').value = i.grpcCompression;
  $('routing').value = String(i.sameZoneRouting);
  opened = read();
  for (const id of ['volume', 'retention', 'lifecycle-days', 'lifecycle-class', 'spot', 'compression', 'zones', 'grpc', 'routing']) {
    $(id).addEventListener('input', () => update(data, books));
    $(id).addEventListener('change', () => update(data, books));
  }
  update(data, books);
  document.body.dataset.ready = 'true';
}

main();
