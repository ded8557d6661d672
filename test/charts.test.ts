/** Charts readable at their sizes (issue 15 item 8): a sweep draws at most MAX_SERIES lines, the rest as its envelope; failing points are marked. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { MAX_SERIES } from '../src/commands/sweep.js';
import { lineChart } from '../src/report/svg.js';
import { ROOT } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'lokiplan-charts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const cli = (argv: string[]) => run(argv, { stdout: () => {}, stderr: () => {}, env: {} });

describe('sweep chart', () => {
  it(`11 combinations: ${MAX_SERIES - 2} lines and the lowest and highest of the other 7, which bound the CSV`, async () => {
    const svg = join(tmp, 's.svg');
    const csv = join(tmp, 's.csv');
    expect(await cli(['sweep', join(ROOT, 'scenarios/ghost-protocol.yaml'), '--vary', 'retention=7,14,30,90', '--vary', 'spot.read=0..100%:10%', '--out', csv, '--chart', svg])).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text.match(/<path /g)).toHaveLength(MAX_SERIES);
    expect(text).toContain('other 7: lowest');
    expect(text).toContain('other 7: highest');
    expect(text).toMatch(/showing 4 of 11 series and the lowest and highest of the other 7/);
  });
  it('a few combinations are all drawn', async () => {
    const svg = join(tmp, 'few.svg');
    expect(await cli(['sweep', join(ROOT, 'scenarios/ghost-protocol.yaml'), '--vary', 'retention=7,14,30', '--vary', 'spot.read=0%,50%,100%', '--out', join(tmp, 'few.csv'), '--chart', svg])).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text.match(/<path /g)).toHaveLength(3);
    expect(text).not.toMatch(/showing/);
  });
});

describe('failing points', () => {
  it('are ringed in red and counted in the legend', () => {
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'baseline', points: [[1, 10], [2, 20], [3, 30]], failing: [false, true, true] }] });
    expect(svg.match(/stroke="#d62728"/g)).toHaveLength(2);
    expect(svg).toContain('misses its target at 2 of 3 points');
    const ok = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'a', points: [[1, 10], [2, 20]] }] });
    expect(ok).not.toMatch(/misses/);
  });
});
