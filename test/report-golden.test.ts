/**
 * Golden files pin the CSV and Markdown output of one small scenario. After an intended change,
 * refresh them with `UPDATE_GOLDEN=1 npx vitest run test/report-golden.test.ts` and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCostCsv, renderCostSummaryCsv, renderSizingCsv } from '../src/report/csv.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { chargePeriod } from '../src/report/period.js';
import { planOf, ROOT, scenarioFile } from './helpers.js';

const DIR = join(ROOT, 'test/fixtures/golden');
const plan = planOf(scenarioFile('test/fixtures/golden/small.yaml'));
const period = chargePeriod('2026-12');

const cases: [string, () => string][] = [
  ['small.costs.csv', () => renderCostCsv([plan], period)],
  ['small.costs-summary.csv', () => renderCostSummaryCsv([plan])],
  ['small.sizing.csv', () => renderSizingCsv([plan])],
  ['small.summary.md', () => renderMarkdown(plan, { period, images: true })],
];

describe('golden files', () => {
  it.each(cases)('%s', (file, render) => {
    const path = join(DIR, file);
    const actual = render();
    if (process.env['UPDATE_GOLDEN']) writeFileSync(path, actual);
    expect(existsSync(path), `${file} missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toBe(readFileSync(path, 'utf8'));
  });
});
