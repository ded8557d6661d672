/**
 * Price status (model/price-status.ts) on the shipped scenarios: every line has one, the CSV and
 * the reports show the same, and each status means what it says: a list line cites a public
 * record, an estimate is spot at the snapshot's discount rule, an unverified line's source says so,
 * a user line is an override the scenario wrote.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRICE_STATUS_ORDER, priceStatus } from '../src/model/price-status.js';
import { CATEGORIES } from '../src/model/types.js';
import { renderCostCsv } from '../src/report/csv.js';
import { chargePeriod } from '../src/report/period.js';
import { priceStatusTable } from '../src/report/sections.js';
import { roundTotals, usd } from '../src/text/money.js';
import { parseCsv } from './csv-parse.js';
import { planOf, ROOT, scenarioFile } from './helpers.js';

const SHIPPED = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));

describe('price status', () => {
  const seen = new Set<string>();
  for (const f of SHIPPED) {
    it(`${f}: one status per line, the same in the CSV, totals that add up`, () => {
      const p = planOf(scenarioFile(`scenarios/${f}`));
      const rows = parseCsv(renderCostCsv([p], chargePeriod('2027-01')));
      rows.forEach((r, i) => {
        const l = p.lines[i]!;
        const st = priceStatus(l);
        seen.add(st);
        expect(r['x_PriceStatus']).toBe(st);
        if (st === 'unverified') expect(l.priceSource).toContain('(unverified)');
        if (st === 'estimate') expect([l.pricingCategory, l.priceSource.slice(0, 9)]).toEqual(['spot', 'estimate:']);
        if (st === 'user') expect(l.priceSource).toMatch(/^override \(/);
        if (st === 'list') expect(l.priceSource).not.toMatch(/unverified|^override|^estimate/);
      });
      // the report's table: one row per status present, adding up to the plan's total
      const t = priceStatusTable(p.lines);
      const cents = roundTotals(p.lines, CATEGORIES);
      const sum = t.rows.reduce((a, r) => a + Math.round(Number(r[2]!.replace(/[$,]/g, '')) * 100), 0);
      expect(sum).toBe(cents.total);
      expect(t.rows.map((r) => r[0])).toEqual(PRICE_STATUS_ORDER.filter((s) => p.lines.some((l) => priceStatus(l) === s)));
      expect(usd(sum)).toBe(usd(cents.total));
    });
  }
  it('the shipped scenarios between them show list, estimate, unverified and user prices', () => {
    expect([...seen].sort()).toEqual(['estimate', 'list', 'unverified', 'user']);
  });
});
