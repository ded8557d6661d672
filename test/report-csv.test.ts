import { describe, expect, it } from 'vitest';
import { CATEGORIES, type Plan } from '../src/model/types.js';
import { COST_COLUMNS, decimal, inertText, renderBaselineCostCsv, renderCostCsv, renderCostSummaryCsv, renderOmittedCostCsv, renderSizingCsv, SIZING_COLUMNS, SUMMARY_COLUMNS } from '../src/report/csv.js';
import { roundTotals, toCents } from '../src/text/money.js';
import { chargePeriod, nextMonth } from '../src/report/period.js';
import { parseCsv } from './csv-parse.js';
import { BASE, spawnCli as cli, planOf, scenarioFile, scenarioOf } from './helpers.js';

const period = chargePeriod('2026-12');
const cents = (s: string) => {
  expect(s).toMatch(/^-?\d+\.\d\d$/);
  return Math.round(Number(s) * 100);
};

const plans: [string, () => Plan][] = [
  ...['ghost-protocol', 'ghost-protocol-as-designed', 'monolithic', 'seed-arithmetic'].map(
    (n) => [n, () => planOf(scenarioFile(`scenarios/${n}.yaml`))] as [string, () => Plan],
  ),
  ['fractional cents everywhere', () => planOf(scenarioOf({ ...BASE, name: 'odd', ingest: { volume: '333.333 GB/day' }, retention: '17 days', hoursPerMonth: 731 }))],
  ['per-vcpu pricing, no baseline', () => planOf(scenarioOf({ ...BASE, name: 'vcpu', compute: { pricing: 'per-vcpu' }, baseline: null }))],
];

describe('cost CSV adds up to the cent', () => {
  it.each(plans)('%s', (_, make) => {
    const p = make();
    const sides: [string, Plan | NonNullable<Plan['baseline']>][] = [['scenario', p], ...(p.baseline ? [['baseline', p.baseline] as [string, NonNullable<Plan['baseline']>]] : [])];
    const summary = parseCsv(renderCostSummaryCsv([p]));
    expect([...new Set(summary.map((r) => r['Side']))]).toEqual(sides.map(([s]) => s));
    for (const [side, planSide] of sides) {
      const charge = parseCsv(side === 'scenario' ? renderCostCsv([p], period) : renderBaselineCostCsv([p], period));
      const mine = summary.filter((r) => r['Side'] === side);
      const total = mine.filter((r) => r['Row'] === 'total');
      expect(total).toHaveLength(1);
      const sum = charge.reduce((a, r) => a + cents(r['BilledCost']!), 0);
      expect(sum).toBe(cents(total[0]!['Cost']!));
      expect(charge.reduce((a, r) => a + cents(r['EffectiveCost']!), 0)).toBe(cents(total[0]!['Cost']!));
      // the total is the same rounding every report uses: as on an invoice, each line half-up to
      // the cent from its exact amount, the total their sum
      expect(sum).toBe(roundTotals(planSide.lines, CATEGORIES).total);
      expect(charge.map((r) => cents(r['BilledCost']!))).toEqual(planSide.lines.map((l) => toCents(l.monthlyCost)));
      expect(Math.abs(sum - planSide.totals.monthly * 100)).toBeLessThanOrEqual(planSide.lines.length / 2);
      for (const c of CATEGORIES) {
        const sub = mine.filter((r) => r['Row'] === 'subtotal' && r['Category'] === c);
        expect(sub).toHaveLength(1);
        expect(charge.filter((r) => r['x_Category'] === c).reduce((a, r) => a + cents(r['BilledCost']!), 0)).toBe(cents(sub[0]!['Cost']!));
      }
      // quantity x the rate paid gives the row's cost (within the rounding of one line); the list
      // price is the public one (on-demand for spot), so only uncommitted rows bill at the contracted rate
      for (const r of charge.filter((x) => x['PricingCategory'] !== 'Committed')) {
        expect(Math.abs(Number(r['PricingQuantity']) * Number(r['ContractedUnitPrice']) * 100 - cents(r['BilledCost']!))).toBeLessThan(1);
      }
    }
    if (p.baseline) {
      const tot = summary.find((r) => r['Side'] === 'scenario' && r['Row'] === 'total')!;
      const btot = summary.find((r) => r['Side'] === 'baseline' && r['Row'] === 'total')!;
      expect(tot['BaselineCost']).toBe(btot['Cost']);
      expect(cents(tot['Delta']!)).toBe(cents(tot['Cost']!) - cents(btot['Cost']!));
    }
  });
});

describe('cost CSV format', () => {
  const p = planOf(scenarioFile('scenarios/seed-arithmetic.yaml'));
  const text = renderCostCsv([p], period);
  const rows = parseCsv(text);

  it('UTF-8 with a byte-order mark and the FOCUS + x_ header', () => {
    expect(text.startsWith('\uFEFFAvailabilityZone,BilledCost,BillingAccountId,')).toBe(true);
    expect(Object.keys(rows[0]!)).toEqual(COST_COLUMNS.map(([n]) => n));
    for (const c of ['BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargeClass', 'ContractedCost', 'InvoiceIssuerName', 'PublisherName', 'ChargePeriodStart', 'ChargePeriodEnd', 'BillingCurrency', 'ProviderName', 'ServiceName', 'ServiceCategory', 'RegionId', 'ResourceName', 'ResourceType', 'ChargeCategory', 'ChargeDescription', 'PricingCategory', 'PricingUnit', 'PricingQuantity', 'ListUnitPrice', 'ListCost', 'EffectiveCost', 'x_Scenario', 'x_Category', 'x_PriceSource', 'x_PriceAsOf']) {
      expect(Object.keys(rows[0]!)).toContain(c);
    }
  });
  it("charge rows only, in the plan's order; the baseline and the omitted lines are files of their own", () => {
    expect(rows.map((r) => r['x_LineId'])).toEqual(p.lines.map((l) => l.id));
    expect(parseCsv(renderBaselineCostCsv([p], period)).map((r) => r['x_LineId'])).toEqual(p.baseline!.lines.map((l) => l.id));
    expect(parseCsv(renderOmittedCostCsv([p], period)).map((r) => r['x_LineId'])).toEqual(p.omitted.map((l) => l.id));
    expect(renderCostCsv([p], period)).toBe(text);
  });
  it('omitted lines are priced, never counted', () => {
    const omitted = parseCsv(renderOmittedCostCsv([p], period));
    expect(omitted.length).toBe(p.omitted.length);
    expect(omitted.every((r) => cents(r['BilledCost']!) > 0)).toBe(true);
    const total = parseCsv(renderCostSummaryCsv([p])).find((r) => r['Side'] === 'scenario' && r['Row'] === 'total')!;
    expect(cents(total['Cost']!)).toBe(roundTotals(p.lines, CATEGORIES).total);
    expect(cents(total['OmittedCost']!)).toBe(roundTotals(p.omitted, CATEGORIES).total);
  });
  it('a charge period from the option, end exclusive', () => {
    expect(new Set(rows.map((r) => `${r['ChargePeriodStart']}/${r['ChargePeriodEnd']}`))).toEqual(new Set(['2026-12-01T00:00:00Z/2027-01-01T00:00:00Z']));
    expect(chargePeriod('2027-02')).toMatchObject({ start: '2027-02-01T00:00:00Z', end: '2027-03-01T00:00:00Z' });
    expect(nextMonth(new Date('2026-12-31T23:59:59Z'))).toBe('2027-01');
    expect(nextMonth(new Date('2026-03-01T00:00:00Z'))).toBe('2026-04');
    expect(() => chargePeriod('2026-13')).toThrow(/YYYY-MM/);
  });
  it('numbers are plain dot decimals with no grouping or exponent', () => {
    const numeric = COST_COLUMNS.filter(([, k]) => k === 'number').map(([n]) => n);
    for (const r of rows) for (const c of numeric) expect(r[c]).toMatch(/^(-?\d+(\.\d+)?)?$/);
    expect(decimal(1e-7)).toBe('0');
    expect(decimal(0.0000004)).toBe('0');
    expect(decimal(1234567.5)).toBe('1234567.5');
    expect(decimal(-0.0000001)).toBe('0');
    expect(decimal(123456789012)).toBe('123456789012');
  });
  it('FOCUS values: pricing category by on-demand/spot, services by price key', () => {
    const g = parseCsv(renderCostCsv([planOf(scenarioFile('scenarios/ghost-protocol.yaml'))], period));
    const spot = g.find((r) => r['x_LineId']?.startsWith('compute.nodes.spot'))!;
    expect(spot).toMatchObject({ PricingCategory: 'Dynamic', ServiceName: 'Amazon Elastic Compute Cloud', ServiceCategory: 'Compute', ChargeCategory: 'Usage', PricingUnit: 'Hours' });
    expect(g.find((r) => r['x_PriceKey']?.startsWith('s3.storage'))).toMatchObject({ ServiceName: 'Amazon Simple Storage Service', ServiceCategory: 'Storage', PricingUnit: 'GB-Months' });
    expect(g.find((r) => r['x_Category'] === 'dataTransfer')).toMatchObject({ ServiceName: 'AWS Data Transfer', ServiceCategory: 'Networking' });
    expect(g.find((r) => r['x_PriceKey']?.startsWith('ebs.'))).toMatchObject({ ServiceName: 'Amazon Elastic Compute Cloud', ServiceCategory: 'Compute' });
  });
});

describe('spreadsheet formulas are inert', () => {
  const names = ['=HYPERLINK("http://example.invalid","open")', '+1+2', '-1+cmd|\' /C calc\'!A0', '@SUM(A1:A9)', '\tleading tab', '\rleading CR'];
  it.each(names.map((n) => [n]))('scenario named %j', (name) => {
    const p = planOf(scenarioOf({ ...BASE, name }));
    for (const text of [renderCostCsv([p], period), renderSizingCsv([p]), renderCostSummaryCsv([p])]) {
      const rows = parseCsv(text);
      for (const r of rows) {
        for (const [k, v] of Object.entries(r)) {
          const numeric = [...COST_COLUMNS, ...SIZING_COLUMNS, ...SUMMARY_COLUMNS].some(([n, kind]) => n === k && kind === 'number');
          if (numeric) expect(v).toMatch(/^(-?\d+(\.\d+)?)?$/);
          else expect(v, `${k}: ${JSON.stringify(v)}`).not.toMatch(/^[=+\-@\t\r]/);
        }
      }
      const scen = rows[0]!['x_Scenario'] ?? rows[0]!['Scenario'];
      expect(scen).toBe(`'${name}`);
    }
  });
  it('negative money stays a number', () => {
    const rows = parseCsv(renderCostSummaryCsv([planOf(scenarioFile('scenarios/ghost-protocol.yaml'))]));
    const ebs = rows.find((r) => r['Row'] === 'subtotal' && r['Category'] === 'blockStorage' && r['Side'] === 'scenario')!;
    expect(ebs['Delta']).toMatch(/^-\d+\.\d\d$/);
  });
  it('inertText leaves ordinary text alone', () => {
    expect(inertText('Ghost Protocol')).toBe('Ghost Protocol');
    expect(inertText('a=b')).toBe('a=b');
    expect(inertText('-5')).toBe("'-5");
  });
});

describe('sizing CSV', () => {
  it('one row per target and per node group, with placement', () => {
    const p = planOf(scenarioFile('scenarios/ghost-protocol.yaml'));
    const rows = parseCsv(renderSizingCsv([p]));
    expect(Object.keys(rows[0]!)).toEqual(SIZING_COLUMNS.map(([n]) => n));
    const targets = rows.filter((r) => r['Side'] === 'scenario' && r['Kind'] === 'target');
    expect(targets.map((r) => r['Name'])).toEqual(p.topology.targets.map((t) => t.name));
    const write = targets.find((r) => r['Name'] === 'write')!;
    const w = p.topology.targets.find((t) => t.name === 'write')!;
    expect(write).toMatchObject({ Count: String(w.replicas), CpuRequest: String(w.requests.cpu), MeetsTarget: 'no' });
    expect(Number(write['MemoryLimitGiB'])).toBeCloseTo(w.limits.memoryGiB, 3); // 12 GB = 11.18 GiB
    // one verdict: the write target fails lokiplan check's zone loss (its ring is not zone-aware), so the CSV says no
    expect(p.capacity.rows.some((r) => r.target === 'write' && r.status === 'fail')).toBe(true);
    // every pod of the target is placed somewhere, and the per-zone counts add up
    expect(write['PerZone']!.split('/').reduce((a, n) => a + Number(n), 0)).toBe(w.replicas);
    const groups = rows.filter((r) => r['Side'] === 'scenario' && r['Kind'] === 'node-group');
    expect(groups.reduce((a, r) => a + Number(r['Count']), 0)).toBe(p.nodes.reduce((a, g) => a + g.count, 0));
    expect(rows.some((r) => r['Side'] === 'baseline' && r['Name'] === 'monolithic')).toBe(true);
  });
});

describe('CSV on the command line', () => {
  it('is the same in any locale', () => {
    const args = ['plan', 'scenarios/ghost-protocol.yaml', '--format', 'csv', '--period', '2026-12'];
    const a = cli(args, { env: { LANG: 'C', LC_ALL: 'C' } });
    const b = cli(args, { env: { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' } });
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(parseCsv(a.stdout).length).toBeGreaterThan(10);
  });
});
