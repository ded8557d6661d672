// The what-if page in headless Chromium: moving a slider changes the total to the value the CLI
// computes for the same inputs. Skipped outside CI when Chromium is absent; never skipped in CI.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const run = existsSync(CHROMIUM) || !!process.env['CI'];

/** The CLI's total (cents) for the scenario with the given fields set, via a one-point sweep. */
async function cliCents(file: string, vary: string[]): Promise<number> {
  const r = (await cli(['sweep', file, ...vary.flatMap((v) => ['--vary', v])]));
  expect(r.code, r.stderr).toBe(0);
  const [head, row] = r.stdout.trim().split('\n');
  const i = head!.split(',').indexOf('total');
  return Math.round(Number(row!.split(',')[i]) * 100);
}

describe.skipIf(!run)('what-if page in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lokiplan-page-'));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let browser: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let page: any;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // the page must work offline: refuse every request that is not the page itself
    await browser.route('**/*', (route: { request(): { url(): string }; abort(): Promise<void>; continue(): Promise<void> }) =>
      route.request().url().startsWith('file://') ? route.continue() : route.abort(),
    );
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(file: string) {
    const out = join(dir, 'page.html');
    const r = (await cli(['whatif', file, '--out', out]));
    expect(r.code, r.stderr).toBe(0);
    page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e: Error) => errors.push(e.message));
    await page.goto(`file://${out}`);
    await page.waitForSelector('body[data-ready=true]');
    return errors;
  }
  const slide = (id: string, value: string) =>
    page.evaluate(([i, v]: [string, string]) => {
      // runs in the page: `document` is the browser's
      const e = (globalThis as unknown as { document: { getElementById(id: string): { value: string; dispatchEvent(e: unknown): void } } }).document.getElementById(i);
      e.value = v;
      e.dispatchEvent(new Event('input'));
    }, [id, value]);
  const pageCents = async () => Number(await page.getAttribute('#total', 'data-cents'));

  it('starts at the CLI total and follows each slider to the CLI total for the same inputs', async () => {
    const f = 'scenarios/ghost-protocol.yaml';
    const errors = await open(f);
    expect(await pageCents()).toBe(await cliCents(f, ['retention=30']));
    await slide('retention', '14');
    const at14 = await pageCents();
    expect(at14).toBe(await cliCents(f, ['retention=14 days']));
    expect(at14).not.toBe(await cliCents(f, ['retention=30']));
    await slide('spot', '50');
    expect(await pageCents()).toBe(await cliCents(f, ['retention=14', 'spot.read=50%']));
    await slide('compression', '8');
    expect(await pageCents()).toBe(await cliCents(f, ['retention=14', 'spot.read=50%', 'compressionRatio=8']));
    await slide('volume', '2000');
    expect(await pageCents()).toBe(await cliCents(f, ['retention=14', 'spot.read=50%', 'compressionRatio=8', 'ingest.volume=2000 GB/day']));
    await slide('lifecycle-days', '7');
    expect(await pageCents()).toBe(await cliCents(f, ['retention=14', 'spot.read=50%', 'compressionRatio=8', 'ingest.volume=2000 GB/day', 'storage.lifecycle[1].after=7 days']));
    expect(await page.textContent('#chart')).toContain('Monthly cost against ingest volume');
    expect(errors).toEqual([]);
  }, 60000);

  it('fits a 390 px phone: nothing wider than the screen, the chart scaled down', async () => {
    const errors = await open('scenarios/ghost-protocol.yaml');
    await page.setViewportSize({ width: 390, height: 844 });
    const wide = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number }; querySelectorAll(s: string): ArrayLike<{ tagName: string; id: string; getBoundingClientRect(): { right: number } }> } }).document;
      return { scroll: d.documentElement.scrollWidth, over: Array.from(d.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > 390.5).map((e) => `${e.tagName}#${e.id}`) };
    });
    expect(wide.over).toEqual([]);
    expect(wide.scroll).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
  }, 60000);
});
