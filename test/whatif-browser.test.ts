// The what-if page in headless Chromium: moving a slider changes the total to the value the CLI
// computes for the same inputs. Skipped outside CI when Chromium is absent; never skipped in CI.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from './helpers.js';

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

  async function open(file: string, extra: string[] = []) {
    const out = join(dir, 'page.html');
    const r = (await cli(['whatif', file, '--out', out, ...extra]));
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
    const sofar = ['retention=14', 'spot.read=50%', 'compressionRatio=8', 'ingest.volume=2000 GB/day', 'storage.lifecycle[1].after=7 days'];
    expect(await pageCents()).toBe(await cliCents(f, sofar));
    await slide('grpc', 'gzip');
    expect(await pageCents()).toBe(await cliCents(f, [...sofar, 'network.grpcCompression=gzip']));
    await slide('routing', 'true');
    expect(await pageCents()).toBe(await cliCents(f, [...sofar, 'network.grpcCompression=gzip', 'network.sameZoneRouting=true']));
    expect(await page.textContent('#levers')).toMatch(/^biggest network lever: run in one zone/);
    await slide('zones', '1');
    expect(await pageCents()).toBe(await cliCents(f, [...sofar, 'network.grpcCompression=gzip', 'network.sameZoneRouting=true', 'deployment.zones=1']));
    expect(await page.textContent('#chart')).toContain('Monthly cost against ingest volume');
    expect(errors).toEqual([]);
  }, 60000);

  /** The plan's rounded total in cents, as `lokiplan plan` prints it. */
  const planCents = async (file: string, extra: string[] = []) => {
    const r = await cli(['plan', file, '-f', 'json', ...extra]);
    expect(r.code, r.stderr).toBe(0);
    return Math.round(JSON.parse(r.stdout).plans[0].totals.rounded.monthly * 100);
  };
  const write = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('one answer (issue 24): the page opens on the plan total with per-target spot shares, and a slider keeps them', async () => {
    const f = write('spot.yaml', 'name: spot override\nregion: us-east-1\ningest: { volume: 1 TB/day }\nretention: 30 days\ndeployment: { mode: microservices }\ncompute: { spot: { read: 100%, query-frontend: 0% } }\nbaseline: null\n');
    const errors = await open(f);
    expect(await pageCents()).toBe(await planCents(f));
    await slide('retention', '14');
    expect(await pageCents()).toBe(await cliCents(f, ['retention=14 days']));
    expect(await pageCents()).toBe(await planCents(write('spot14.yaml', readFileSync(f, 'utf8').replace('30 days', '14 days'))));
    expect(errors).toEqual([]);
  }, 60000);

  it('one answer (issue 24): mode auto re-chooses the mode as the volume moves, as plan does for a file at that volume', async () => {
    const f = write('auto.yaml', 'name: auto\nregion: us-east-1\ningest: { volume: 400 GB/day }\nretention: 30 days\ndeployment: { mode: auto }\n');
    const errors = await open(f);
    expect(await pageCents()).toBe(await planCents(f));
    await slide('volume', '1500');
    const at1500 = await planCents(write('auto1500.yaml', readFileSync(f, 'utf8').replace('400 GB/day', '1500 GB/day')));
    expect(await pageCents()).toBe(at1500);
    expect(await cliCents(f, ['ingest.volume=1500 GB/day'])).toBe(at1500);
    expect(await page.textContent('#sizing')).toContain('ingester');
    expect(errors).toEqual([]);
  }, 60000);

  it('one answer (issue 24): the page refuses a STANDARD_IA transition at 10 days as the CLI does', async () => {
    const f = 'scenarios/ghost-protocol.yaml';
    await open(f);
    const before = await pageCents();
    await slide('lifecycle-class', 'STANDARD_IA');
    await slide('lifecycle-days', '10');
    expect(await page.textContent('#error')).toMatch(/refuses a transition to STANDARD_IA before 30 days/);
    expect(await pageCents()).toBe(before); // the refused point is not priced
    const r = await cli(['sweep', f, '--vary', 'storage.lifecycle=[{after: 0 days, class: STANDARD}, {after: 10 days, class: STANDARD_IA}]']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refuses a transition to STANDARD_IA before 30 days/);
  }, 60000);

  it('one answer (issue 24): --commitments prices the page as it prices plan', async () => {
    const commitments = write('commitments.json', JSON.stringify({ format: 'lokiplan-prices/1', currency: 'USD', regions: { 'us-east-1': { asOf: '2026-06-01', prices: {}, commitments: { m7i: { kind: 'savings-plan', discountPercent: '28', source: 'SP quote' }, m7g: { kind: 'savings-plan', discountPercent: '28', source: 'SP quote' } } } } }));
    const f = write('committed.yaml', `extends: ${join(ROOT, 'scenarios/ghost-protocol-microservices.yaml')}\ncompute: { committed: { write: 100% } }\n`);
    const withC = await planCents(f, ['--commitments', commitments]);
    // the commitment's rate decides the total: a smaller discount costs more
    expect(withC).toBeLessThan(await planCents(f, ['--commitments', write('c10.json', readFileSync(commitments, 'utf8').replaceAll('"28"', '"10"'))]));
    const errors = await open(f, ['--commitments', commitments]);
    expect(await pageCents()).toBe(withC);
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

  it('chart labels do not overlap: a tornado with a wide swing, a growth chart whose baseline fails', async () => {
    const tornado = join(dir, 'tornado.svg');
    const growth = join(dir, 'growth.svg');
    expect((await cli(['sensitivity', 'scenarios/ghost-protocol.yaml', '--range', 'ingest.avgLineSize=10 B..5000 B', '--chart', tornado])).code).toBe(0);
    expect((await cli(['growth', 'scenarios/ghost-protocol.yaml', '--growth', '10%', '--months', '12', '--chart', growth])).code).toBe(0);
    for (const f of [tornado, growth]) {
      const p = await browser.newPage();
      await p.goto(`file://${f}`);
      const overlaps = await p.evaluate(() => {
        type Box = { x: number; y: number; width: number; height: number };
        const texts = Array.from((globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string; getBBox(): Box }> } }).document.querySelectorAll('text'));
        const r = texts.map((t) => ({ s: t.textContent, b: t.getBBox() }));
        const o: string[] = [];
        for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) {
          const a = r[i]!.b;
          const c = r[j]!.b;
          if (a.x < c.x + c.width && c.x < a.x + a.width && a.y < c.y + c.height && c.y < a.y + a.height) o.push(`${r[i]!.s} | ${r[j]!.s}`);
        }
        return o;
      });
      expect(overlaps, f).toEqual([]);
      await p.close();
    }
    // the monolithic baseline cannot carry 1 TB/day: every month of it is marked as missing its target
    expect(readFileSync(growth, 'utf8')).toMatch(/misses its target at every point/);
  }, 60000);
});
