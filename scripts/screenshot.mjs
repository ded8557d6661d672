// Screenshot of the HTML report for the README: `npm run screenshot` (needs Chromium:
// apt-get install -y chromium). Writes docs/report.png from the committed reports/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const page = process.argv[2] ?? 'reports/ghost-protocol/report.html';
const out = process.argv[3] ?? 'docs/report.png';
const profile = mkdtempSync(join(tmpdir(), 'lokiplan-shot-'));
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args,
  viewport: { width: 1240, height: 1500 },
  deviceScaleFactor: 1,
});
try {
  const p = await ctx.newPage();
  await p.goto(pathToFileURL(resolve(root, page)).href, { waitUntil: 'load' });
  await p.waitForFunction('window.lokiplanCharts && window.lokiplanCharts.length > 0');
  await p.screenshot({ path: resolve(root, out) });
  console.log(`wrote ${out}`);
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
