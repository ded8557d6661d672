/**
 * The HTML report in a real browser (Debian's Chromium via playwright-core): the charts draw, the
 * console stays clean, and the page makes no network request. Skips only outside CI when there is
 * no Chromium; in CI (CI set) a missing browser fails a test.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChartJs } from '../src/commands/io.js';
import { charts } from '../src/report/charts.js';
import { renderHtml } from '../src/report/html.js';
import { chargePeriod } from '../src/report/period.js';
import { planOf, scenarioFile, scenarioOf, BASE } from './helpers.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = existsSync(CHROMIUM);

// In CI a missing browser is a failure, never a silent skip.
it.runIf(process.env['CI'])('Chromium is installed in CI', () => {
  expect(available, `no Chromium at ${CHROMIUM} (.ci/run installs it when .ci/browser exists)`).toBe(true);
});

describe.skipIf(!available)('HTML report in headless Chromium', () => {
  let browser: import('playwright-core').Browser;
  let context: import('playwright-core').BrowserContext;
  let dir: string;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    dir = mkdtempSync(join(tmpdir(), 'lokiplan-browser-'));
    // a fresh profile every run
    context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS });
    browser = context.browser()!;
    void browser;
  }, 60000);
  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(html: string) {
    const file = join(dir, `report-${Math.random().toString(36).slice(2)}.html`);
    writeFileSync(file, html);
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, problems, requests, url: pathToFileURL(file).href };
  }

  /** Per canvas: its size and how many pixels are not transparent/white. */
  // In-page code is passed as text: the project compiles without the DOM library.
  const inkOf = (page: import('playwright-core').Page) =>
    page.evaluate(`[...document.querySelectorAll('canvas')].map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) ink++;
      return { id: c.id, width: c.width, height: c.height, ink };
    })`) as Promise<{ id: string; width: number; height: number; ink: number }[]>;

  it('draws every chart with a clean console and no network request', async () => {
    const p = planOf(scenarioFile('scenarios/ghost-protocol.yaml'));
    const { page, problems, requests, url } = await open(renderHtml(p, { period: chargePeriod('2026-12'), chartJs: readChartJs() }));
    const expected = charts(p).map((c) => `chart-${c.id}`);
    expect(expected.length).toBe(2);
    const instances = (await page.evaluate('window.lokiplanCharts?.map((c) => ({ id: c.canvas.id, datasets: c.data.datasets.length }))')) as { id: string; datasets: number }[] | undefined;
    expect(instances?.map((i) => i.id)).toEqual(expected);
    instances!.forEach((i) => expect(i.datasets).toBeGreaterThan(0));
    const ink = await inkOf(page);
    expect(ink.map((c) => c.id)).toEqual(expected);
    for (const c of ink) {
      expect(c.width).toBeGreaterThan(100);
      expect(c.ink, `${c.id} is blank`).toBeGreaterThan(1000);
    }
    // the tables are there too
    expect(await page.locator('h2').allTextContents()).toEqual(expect.arrayContaining(['Summary', 'Sizing', 'Cost by category', 'S3 storage by class and age', 'Cost lines', 'Warnings', 'Assumptions']));
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });

  it('a scenario without S3 has one chart and still no errors', async () => {
    const p = planOf(scenarioOf({ ...BASE, name: 'mono', ingest: { volume: '10 GB/day' }, deployment: { mode: 'monolithic' }, baseline: null }));
    const { page, problems } = await open(renderHtml(p, { period: chargePeriod('2026-12'), chartJs: readChartJs() }));
    const ink = await inkOf(page);
    expect(ink.map((c) => c.id)).toEqual(['chart-cost-by-category']);
    expect(ink[0]!.ink).toBeGreaterThan(1000);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a hostile scenario name is shown as text, not run', async () => {
    const name = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">';
    const p = planOf(scenarioOf({ ...BASE, name }));
    const { page, problems } = await open(renderHtml(p, { period: chargePeriod('2026-12'), chartJs: readChartJs() }));
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(await page.locator('h1').textContent()).toBe(name);
    expect(await page.evaluate('window.lokiplanCharts.length')).toBe(2);
    expect(problems).toEqual([]);
    await page.close();
  });
});
