/**
 * Golden files pin the CSV and Markdown output of one small scenario. They update only through
 * test/golden.ts (a printed line diff, the file named, money changes named again, never in CI):
 *   UPDATE_GOLDEN=small.summary.md UPDATE_GOLDEN_MONEY=small.summary.md npx vitest run test/report-golden.test.ts
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCostCsv, renderCostSummaryCsv, renderSizingCsv } from '../src/report/csv.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { chargePeriod } from '../src/report/period.js';
import { golden } from './golden.js';
import { planOf, ROOT, scenarioFile } from './helpers.js';

const DIR = join(ROOT, 'test/fixtures/golden');
const plan = planOf(scenarioFile('test/fixtures/golden/small.yaml'));
const period = chargePeriod('2026-12');

// every file carries money (cost lines, totals, or the sizing a cost rests on): a change needs UPDATE_GOLDEN_MONEY too
const cases: [string, () => string][] = [
  ['small.costs.csv', () => renderCostCsv([plan], period)],
  ['small.costs-summary.csv', () => renderCostSummaryCsv([plan])],
  ['small.sizing.csv', () => renderSizingCsv([plan])],
  ['small.summary.md', () => renderMarkdown(plan, { period, images: true })],
];

describe('golden files', () => {
  it.each(cases)('%s', (file, render) => {
    const problem = golden(file, join(DIR, file), render(), null);
    expect(problem, problem ?? '').toBeNull();
  });
});
