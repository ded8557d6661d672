/**
 * costs.csv against the FinOps Foundation's FOCUS 1.2 rules (their rule data, interpreted by
 * test/focus-rules.ts), column by column, for every shipped scenario; and the money in it.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { plan } from '../src/model/plan.js';
import type { Plan } from '../src/model/types.js';
import { renderBaselineCostCsv, renderCostCsv, renderCostSummaryCsv, renderOmittedCostCsv } from '../src/report/csv.js';
import { roundTotals } from '../src/text/money.js';
import { chargePeriod } from '../src/report/period.js';
import { priceBookFrom, parsePriceBookDocument } from '../src/sources/pricebook.js';
import { snapshotBook, snapshotDocument } from '../src/sources/snapshot.js';
import { mulDecimal, normDecimal } from '../src/sources/decimal.js';
import { withNegotiated } from '../src/sources/policy.js';
import { CATEGORIES } from '../src/model/types.js';
import { parseCsv } from './csv-parse.js';
import { AWS_CRITERIA, failures, loadFocusCsv, RULE_DEFECTS, validateFocus, type RuleResult } from './focus-rules.js';
import { BASE, ROOT, planOf, scenarioFile, scenarioOf } from './helpers.js';

const period = chargePeriod('2026-07');
const SHIPPED = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));

const show = (fs: RuleResult[]) => fs.map((f) => `${f.id} (${f.keyword}): ${f.mustSatisfy} -> ${f.why}`);
const cents = (s: string) => {
  const [i, f = ''] = s.split('.');
  return Number(i) * 100 + Number(f.padEnd(2, '0').slice(0, 2)) * (s.startsWith('-') ? -1 : 1);
};

function check(csv: string, criteria: readonly string[] = AWS_CRITERIA) {
  const res = validateFocus(loadFocusCsv(csv), { criteria });
  return { res, failed: show(failures(res)) };
}

describe('costs.csv of every shipped scenario passes the FOCUS 1.2 rules', () => {
  for (const f of SHIPPED) {
    const p = planOf(scenarioFile(`scenarios/${f}`));
    it(`${f}: every rule of the dataset holds, with AWS's applicability criteria and with none`, () => {
      const csv = renderCostCsv([p], period);
      for (const criteria of [AWS_CRITERIA, []]) expect(check(csv, criteria).failed).toEqual([]);
      // the rules did run: presence, types, units, ListCost = ListUnitPrice x PricingQuantity
      const { res } = check(csv);
      for (const id of ['CostAndUsage-D-006-M', 'BilledCost-C-002-M', 'PricingUnit-C-003-O', 'ListCost-C-009-C', 'ContractedUnitPrice-C-011-C', 'ServiceName-C-005-C']) {
        expect(res.get(id)!.status, id).toBe('pass');
      }
    });

    it(`${f}: charge rows only; BilledCost sums to the plan's total to the cent; ListCost = ListUnitPrice x PricingQuantity exactly`, () => {
      const rows = parseCsv(renderCostCsv([p], period));
      expect(rows.map((r) => r['x_LineId'])).toEqual(p.lines.map((l) => l.id));
      expect(new Set(rows.map((r) => r['ChargeCategory']))).toEqual(new Set(['Usage']));
      const total = rows.reduce((a, r) => a + cents(r['BilledCost']!), 0);
      expect(total).toBe(roundTotals(p.lines, CATEGORIES).total);
      expect(Math.abs(total / 100 - p.totals.monthly)).toBeLessThan(0.005 * p.lines.length + 1e-9);
      for (const r of rows) {
        expect(normDecimal(r['ListCost']!)).toBe(normDecimal(mulDecimal(r['ListUnitPrice']!, r['PricingQuantity']!)));
        expect(normDecimal(r['ContractedCost']!)).toBe(normDecimal(mulDecimal(r['ContractedUnitPrice']!, r['PricingQuantity']!)));
      }
      // one ServiceCategory per ServiceName
      const cat = new Map<string, Set<string>>();
      for (const r of rows) cat.set(r['ServiceName']!, (cat.get(r['ServiceName']!) ?? new Set()).add(r['ServiceCategory']!));
      for (const [svc, set] of cat) expect([...set], svc).toHaveLength(1);
    });

    if (p.baseline) {
      it(`${f}: the baseline is its own dataset, which passes the rules too`, () => {
        const csv = renderBaselineCostCsv([p], period);
        expect(check(csv).failed).toEqual([]);
        const rows = parseCsv(csv);
        expect(rows.map((r) => r['x_LineId'])).toEqual(p.baseline!.lines.map((l) => l.id));
        expect(rows.every((r) => r['x_Scenario'] === p.baseline!.scenario)).toBe(true);
        expect(rows.reduce((a, r) => a + cents(r['BilledCost']!), 0)).toBe(roundTotals(p.baseline!.lines, CATEGORIES).total);
      });
    }
  }
});

describe('the rules catch what the old costs.csv got wrong (each mutation fails the rule named)', () => {
  const p = planOf(scenarioFile('scenarios/ghost-protocol.yaml'));
  const csv = renderCostCsv([p], period);
  const [head, ...body] = csv.replace(/^\uFEFF/, '').trimEnd().split('\n');
  const cols = head!.split(',');
  /** Rewrite one column of every row (or drop it with null). */
  const mutate = (col: string, f: ((v: string, i: number) => string) | null): string => {
    const rows = parseCsv(csv);
    const keep = f === null ? cols.filter((c) => c !== col) : cols;
    const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    return [keep.join(','), ...rows.map((r, i) => keep.map((c) => q(c === col && f ? f(r[c]!, i) : r[c]!)).join(','))].join('\n') + '\n';
  };
  const failedIds = (text: string) => failures(validateFocus(loadFocusCsv(text), { criteria: AWS_CRITERIA })).map((r) => r.id);
  expect(body.length).toBe(p.lines.length);

  it.each([
    ['a mandatory column missing', mutate('BilledCost', null), 'CostAndUsage-D-006-M'],
    ['a unit that is not in the FOCUS Unit Format', mutate('PricingUnit', () => 'instance-hour'), 'PricingUnit-C-003-O'],
    ['one ServiceName with two ServiceCategories', mutate('ServiceCategory', (v, i) => (i === 0 ? 'Storage' : v)), 'ServiceName-C-005-C'],
    ['a subtotal-style row with no ChargeCategory', mutate('ChargeCategory', (v, i) => (i === 0 ? '' : v)), 'ChargeCategory-C-002-M'],
    // ListCost-C-009-C only applies where ChargeClass IS NOT NULL AND <> 'Correction' (SQL NULL
    // semantics of its Condition): it checks no regular charge row, so the exact product is tested
    // above, and here on a row marked as a regular charge the validator would see
    ['ListCost that is not ListUnitPrice x PricingQuantity (where the rule applies)', mutate('ListCost', (v, i) => (i === 0 ? '1.5' : v)).replace(/,Usage,,/, ',Usage,Regular,'), 'ListCost-C-009-C'],
    ['a ServiceCategory that FOCUS does not allow', mutate('ServiceCategory', () => 'Kubernetes'), 'ServiceCategory-C-003-M'],
    ['a decimal column of whole numbers (loads as an integer column)', mutate('PricingQuantity', (v) => v.replace(/\..*$/, '')), 'PricingQuantity-C-001-M'],
    ['an all-digit BillingAccountId (the validator loads it as an integer)', mutate('BillingAccountId', () => '123456789012'), 'BillingAccountId-C-002-M'],
  ])('%s', (_what, text, rule) => {
    expect(failedIds(csv)).toEqual([]);
    expect(failedIds(text)).toContain(rule);
  });

});

describe('prices by their FOCUS meaning', () => {
  const s = scenarioOf({ ...BASE, compute: { ...BASE.compute, committed: { write: '100%' } } });
  const doc = parsePriceBookDocument(
    {
      format: 'lokiplan-prices/1',
      currency: 'USD',
      regions: {
        'us-east-1': {
          asOf: '2026-06-01',
          prices: { 'ebs.gp3.storage': { unit: 'GB-month', usd: '0.06', source: 'negotiated storage rate' } },
          commitments: { m7i: { kind: 'savings-plan', discountPercent: '28', term: '1 year, no upfront', source: 'SP quote' }, m7g: { kind: 'savings-plan', discountPercent: '28', source: 'SP quote' } },
          enterpriseDiscount: { percent: '5', source: 'EDP 2026' },
        },
      },
    },
    'negotiated.json',
  );
  const merged = withNegotiated(snapshotDocument(), doc);
  const p: Plan = plan(s, (r) => priceBookFrom(merged, r, 'snapshot + file:negotiated.json'));
  const list = (k: string) => snapshotBook('us-east-1').get(k).tiers[0]!.usd;
  const rows = parseCsv(renderCostCsv([p], period));

  it('x_PriceStatus: committed for a commitment, user for the negotiated and enterprise-discounted rest', () => {
    const status = new Map(rows.map((r) => [r['x_LineId']!, r['x_PriceStatus']!]));
    expect(rows.some((r) => r['PricingCategory'] === 'Committed')).toBe(true);
    for (const r of rows) expect(r['x_PriceStatus'], r['x_LineId']).toBe(r['PricingCategory'] === 'Committed' ? 'committed' : 'user');
    expect(status.get(p.lines.find((l) => l.priceKey === 'ebs.gp3.storage')!.id)).toBe('user');
    expect(new Set(rows.map((r) => r['x_HoursPerMonth']))).toEqual(new Set(['730']));
  });

  it('ListUnitPrice is the public list price; ContractedUnitPrice the negotiated one; EffectiveCost after commitments', () => {
    const committed = rows.find((r) => r['PricingCategory'] === 'Committed')!;
    expect(committed).toBeDefined();
    const type = committed['x_PriceKey']!.replace('ec2.committed.', '');
    const od = list(`ec2.ondemand.${type}`);
    expect(normDecimal(committed['ListUnitPrice']!)).toBe(normDecimal(od));
    // negotiated = on-demand less the 5% enterprise discount; the commitment is 28% off that list
    expect(Number(committed['ContractedUnitPrice'])).toBeCloseTo(Number(od) * 0.95, 9);
    expect(Number(committed['EffectiveCost'])).toBeLessThan(Number(committed['ContractedCost']));
    expect(Number(committed['ContractedCost'])).toBeLessThan(Number(committed['ListCost']));
    expect(committed).toMatchObject({ CommitmentDiscountType: 'Savings Plan', CommitmentDiscountCategory: 'Spend', CommitmentDiscountStatus: 'Used' });
    const ebs = rows.find((r) => r['x_PriceKey'] === 'ebs.gp3.storage')!;
    expect(normDecimal(ebs['ListUnitPrice']!)).toBe(normDecimal(list('ebs.gp3.storage')));
    expect(normDecimal(ebs['ContractedUnitPrice']!)).toBe('0.057'); // 0.06 negotiated, less 5%
    const s3 = rows.find((r) => r['x_PriceKey']!.startsWith('s3.storage.'))!;
    expect(normDecimal(s3['ListUnitPrice']!)).toBe(normDecimal(snapshotBook('us-east-1').get(s3['x_PriceKey']!).tiers[0]!.usd));
    expect(Number(s3['ContractedUnitPrice'])).toBeLessThan(Number(s3['ListUnitPrice']));
  });

  it('a plan with commitments and negotiated rates passes the FOCUS rules, and BilledCost adds up', () => {
    expect(check(renderCostCsv([p], period)).failed).toEqual([]);
    expect(rows.reduce((a, r) => a + cents(r['BilledCost']!), 0)).toBe(roundTotals(p.lines, CATEGORIES).total);
  });

  it('each rule skipped as a data defect does fail this file, which follows the spec text', () => {
    const res = validateFocus(loadFocusCsv(renderCostCsv([p], period)), { criteria: AWS_CRITERIA, applyDefective: true });
    for (const id of Object.keys(RULE_DEFECTS)) expect(res.get(id)!.status, id).toBe('fail');
  });

  it('billing: { accountId, accountName } names the account; without it the file says it is a plan', () => {
    const named = planOf(scenarioOf({ ...BASE, billing: { accountId: 'acct-platform', accountName: 'Platform' } }));
    const r = parseCsv(renderCostCsv([named], period))[0]!;
    expect(r).toMatchObject({ BillingAccountId: 'acct-platform', BillingAccountName: 'Platform' });
    const plain = parseCsv(renderCostCsv([planOf(scenarioOf(BASE))], period))[0]!;
    expect(plain['BillingAccountName']).toMatch(/^Plan: base \(a lokiplan estimate, not an AWS bill\)$/);
  });
});

describe('plan --out writes the FOCUS dataset, the baseline, the omitted lines and the summary apart', () => {
  it('the files of --out, and the summary adds up to the charges', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lokiplan-focus-'));
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(['plan', resolve(ROOT, 'scenarios/seed-arithmetic.yaml'), '--out', dir, '--period', '2026-07'], {
      stdout: (s) => out.push(s),
      stderr: (s) => err.push(s),
      env: {},
    });
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const sub = join(dir, readdirSync(dir)[0]!);
    const files = readdirSync(sub);
    expect(files).toEqual(expect.arrayContaining(['costs.csv', 'costs-baseline.csv', 'costs-omitted.csv', 'costs-summary.csv']));
    const p = planOf(scenarioFile('scenarios/seed-arithmetic.yaml'));
    expect(readFileSync(join(sub, 'costs.csv'), 'utf8')).toBe(renderCostCsv([p], period));
    expect(readFileSync(join(sub, 'costs-omitted.csv'), 'utf8')).toBe(renderOmittedCostCsv([p], period));
    const summary = parseCsv(readFileSync(join(sub, 'costs-summary.csv'), 'utf8'));
    const total = summary.find((r) => r['Side'] === 'scenario' && r['Row'] === 'total')!;
    const charges = parseCsv(readFileSync(join(sub, 'costs.csv'), 'utf8'));
    expect(cents(total['Cost']!)).toBe(charges.reduce((a, r) => a + cents(r['BilledCost']!), 0));
    const omitted = parseCsv(readFileSync(join(sub, 'costs-omitted.csv'), 'utf8'));
    expect(cents(total['OmittedCost']!)).toBe(omitted.reduce((a, r) => a + cents(r['BilledCost']!), 0));
    expect(renderCostSummaryCsv([p])).toBe(readFileSync(join(sub, 'costs-summary.csv'), 'utf8'));
    writeFileSync(join(dir, 'done'), '');
  });
});
