/**
 * `check --format md|html` and the check's tables in the plan's reports (issue 27): every row of
 * the check (as its JSON gives it) is in each rendering, in the order of the cases, and the plan's
 * first section lists the failing rows in that order.
 */
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../src/model/types.js';
import { mdText } from '../src/report/markdown.js';
import { esc } from '../src/report/html.js';
import { CHECK_FORMATS } from '../src/report/registry.js';
import { cli } from './helpers.js';

const FILE = 'scenarios/ghost-protocol-as-designed.yaml';
const ORDER = ['normal', 'failure-tolerance', 'zone-loss', 'limits', 'memory'];
/** rows in the order the renderings show them: by case (stable within a case) */
const byCase = <T extends { case: string }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => ORDER.indexOf(a.case) - ORDER.indexOf(b.case));

describe('check in Markdown and HTML', async () => {
  const json = await cli(['check', FILE, '--format', 'json']);
  const report = JSON.parse(json.stdout) as CheckReport;

  it('the formats come from the registry', () => {
    expect([...CHECK_FORMATS].sort()).toEqual(['html', 'json', 'md', 'table']);
  });

  it('the check finds the normal-load shortfall first, and the 429 share of the peak', () => {
    expect(json.code).toBe(1);
    const normal = report.rows.find((r) => r.case === 'normal' && r.target === 'write')!;
    expect(normal.status).toBe('fail');
    expect(normal.left).toBe(3);
    expect(normal.capacity! / normal.demand!).toBeLessThan(0.2);
    const rate = report.rows.find((r) => r.condition === 'ingestion_rate_mb')!;
    const share = 1 - rate.capacity! / rate.demand!;
    expect(rate.detail).toContain(`${(share * 100).toFixed(1)}% of the peak, is rejected with HTTP 429`);
  });

  for (const [format, quote] of [
    ['md', mdText],
    ['html', esc],
  ] as const) {
    it(`--format ${format}: every row and fix, exit 1`, async () => {
      const r = await cli(['check', FILE, '--format', format]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      let at = 0;
      for (const row of byCase(report.rows)) {
        const i = r.stdout.indexOf(quote(row.detail), at);
        expect(i, `${row.target} ${row.condition}: ${row.detail}`).toBeGreaterThan(-1);
        at = i;
      }
      for (const f of report.fixes) expect(r.stdout).toContain(quote(f));
      if (format === 'html') expect(r.stdout.match(/<table/g)!.length).toBe(new Set(report.rows.map((x) => x.case)).size);
    });
  }

  it("the plan's Markdown and HTML open with the failing checks in order, then carry the check's tables", async () => {
    const failing = byCase(report.rows.filter((r) => r.status === 'fail'));
    expect(failing[0]!.case).toBe('normal');
    for (const [format, quote] of [
      ['md', mdText],
      ['html', esc],
    ] as const) {
      const out = (await cli(['plan', FILE, '--format', format, '--period', '2027-01'])).stdout;
      const first = out.indexOf('Does it hold?');
      expect(first).toBeGreaterThan(-1);
      let at = first;
      for (const row of failing) {
        const i = out.indexOf(quote(row.detail), at);
        expect(i, row.detail).toBeGreaterThan(at);
        at = i;
      }
      expect(at).toBeLessThan(out.indexOf('Capacity check (lokiplan check)'));
      for (const row of report.rows) expect(out.indexOf(quote(row.detail), out.indexOf('Capacity check'))).toBeGreaterThan(-1);
    }
  });
});
