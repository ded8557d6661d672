/**
 * The HTML report on paper (issue 27): printed by Debian's Chromium (playwright-core), the first
 * page answers "does it hold, what breaks first, what does holding cost" and no table is clipped.
 *
 * Two measurements, both by the browser that prints:
 * - page.pdf() at A4 and Letter: the PDF is made, and its page count is what the print layout says;
 * - the print layout itself (print media at the page's printable width): the first-page section
 *   ends within one printable page and holds the 429 rejection, the normal-load shortfall and the
 *   holding plan's price; no table is wider than the page and no cell's content overflows its cell.
 * Skips when there is no Chromium outside CI (html-browser.test.ts fails CI without one).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usd } from '../src/text/money.js';
import { cli } from './helpers.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = existsSync(CHROMIUM);

/** CSS px (96 per inch) of the printable area: the page less the stylesheet's @page margin of 12 mm. */
const mm = (x: number) => (x * 96) / 25.4;
const PAPER = {
  A4: { width: mm(210 - 24), height: mm(297 - 24) },
  Letter: { width: 8.5 * 96 - mm(24), height: 11 * 96 - mm(24) },
} as const;

interface Layout {
  firstPageBottom: number;
  firstPageText: string;
  documentHeight: number;
  tables: { id: string; right: number; scroll: number; client: number }[];
  cells: { table: string; text: string; scroll: number; client: number }[];
}

// in-page code is passed as text: the project compiles without the DOM library
const MEASURE = `(() => {
  const first = document.querySelector('.first-page');
  const r = first.getBoundingClientRect();
  const tables = [...document.querySelectorAll('table')].map((t, i) => {
    const b = t.getBoundingClientRect();
    return { id: (t.closest('section,details')?.id || '') + '#' + i + ' ' + (t.querySelector('th')?.textContent || ''), right: b.right, scroll: t.scrollWidth, client: t.parentElement.clientWidth };
  });
  const cells = [...document.querySelectorAll('td, th')].filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => ({ table: c.closest('table').querySelector('th')?.textContent || '', text: c.textContent.slice(0, 60), scroll: c.scrollWidth, client: c.clientWidth }));
  return { firstPageBottom: r.bottom + window.scrollY, firstPageText: first.innerText, documentHeight: document.documentElement.scrollHeight, tables, cells };
})()`;

describe.skipIf(!available)('the HTML report printed by Chromium', () => {
  let context: import('playwright-core').BrowserContext;
  let dir: string;
  let file: string;
  let holdingCents: number;

  beforeAll(async () => {
    const scenario = 'scenarios/ghost-protocol-as-designed.yaml';
    const html = await cli(['plan', scenario, '--format', 'html', '--period', '2027-01']);
    expect(html.stderr).toBe('');
    // the holding plan's price, from the plan's own JSON (the cheaper of the two holding quotes)
    const json = JSON.parse((await cli(['plan', scenario, '--format', 'json'])).stdout) as { plans: { holding: { withinMode: { monthly: number } | null; cheapestMode: { monthly: number } | null } }[] };
    const h = json.plans[0]!.holding;
    holdingCents = Math.min(...[h.withinMode, h.cheapestMode].filter((o) => o !== null).map((o) => Math.round(o!.monthly * 100)));
    const { chromium } = await import('playwright-core');
    dir = mkdtempSync(join(tmpdir(), 'lokiplan-print-'));
    file = join(dir, 'report.html');
    writeFileSync(file, html.stdout);
    context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS });
  }, 60000);
  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const [paper, size] of Object.entries(PAPER)) {
    it(`${paper}: the first page answers the meeting's questions; no table is clipped`, async () => {
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const pdf = await page.pdf({ format: paper as 'A4' | 'Letter', printBackground: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: Math.floor(size.width), height: Math.floor(size.height) });
      const l = (await page.evaluate(MEASURE)) as Layout;
      // the summary fits one printed page (and the stylesheet starts the next section on page 2)
      expect(l.firstPageBottom, 'the first-page section is taller than one printed page').toBeLessThanOrEqual(size.height);
      expect(pages, 'the PDF has the summary page and the rest').toBeGreaterThan(1);
      const text = l.firstPageText.replace(/\s+/g, ' ');
      expect(text).toMatch(/DOES NOT HOLD/);
      expect(text).toMatch(/normal load: write, nothing lost: 3 x [\d.]+ KiB\/s = [\d.]+ MiB\/s for [\d.]+ MiB\/s peak ingest \(short even of the [\d.]+ MiB\/s average\)/);
      expect(text).toMatch(/ingestion_rate_mb 4 .*the excess, 7\d(\.\d)?% of the peak, is rejected with HTTP 429/);
      expect(text).toContain(usd(holdingCents));
      // nothing is wider than the page, and no cell's text is cut
      for (const t of l.tables) {
        expect(t.right, `table ${t.id} runs past the page`).toBeLessThanOrEqual(size.width + 1);
        expect(t.scroll, `table ${t.id} is wider than its box`).toBeLessThanOrEqual(t.client + 1);
      }
      expect(l.tables.length).toBeGreaterThan(8);
      expect(l.cells).toEqual([]);
      await page.close();
    });
  }
});
