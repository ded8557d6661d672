import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mdText, renderMarkdown } from '../src/report/markdown.js';
import { esc, renderHtml, scriptSafe } from '../src/report/html.js';
import { chargePeriod, nextMonth } from '../src/report/period.js';
import { parseCsv } from './csv-parse.js';
import { BASE, cli, planOf, scenarioOf } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lokiplan-report-'));
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('plan --format csv|html|md', () => {
  it('csv defaults the charge period to next month', async () => {
    const r = (await cli(['plan', 'scenarios/ghost-protocol.yaml', '--format', 'csv']));
    expect(r.code).toBe(0);
    expect(parseCsv(r.stdout)[0]!['ChargePeriodStart']).toBe(`${nextMonth(new Date())}-01T00:00:00Z`);
  });
  it('md on stdout has the tables but no links to missing pictures', async () => {
    const r = (await cli(['plan', 'scenarios/ghost-protocol.yaml', '--format', 'md', '--period', '2026-12']));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Ghost Protocol: Loki SSD on EKS\n/);
    expect(r.stdout).toContain('charge period December 2026');
    expect(r.stdout).not.toMatch(/!\[/);
  });
  it('html on stdout is one self-contained page', async () => {
    const r = (await cli(['plan', 'scenarios/ghost-protocol.yaml', '--format', 'html']));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/);
    expect(r.stdout).toContain("default-src 'none'");
    expect(r.stdout).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/cdn/i);
    expect(r.stdout).toContain('Chart.js');
  });
  it('html for several scenarios needs --out', async () => {
    const r = (await cli(['plan', 'scenarios/ghost-protocol.yaml', 'scenarios/monolithic.yaml', '--format', 'html']));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out DIR/);
    expect(r.stdout).toBe('');
  });
  it.each([['2026-13'], ['26-12'], ['2026-1'], ['december']])('--period %s is rejected', async (p) => {
    const r = (await cli(['plan', 'scenarios/ghost-protocol.yaml', '--format', 'csv', '--period', p]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--period.*YYYY-MM/);
  });
  it('--out writes each scenario in its own folder, PNG charts included', async () => {
    const d = tmp();
    const r = (await cli(['plan', 'scenarios/ghost-protocol.yaml', 'scenarios/monolithic.yaml', '--out', d, '--period', '2026-12']));
    expect(r.code).toBe(0);
    expect(readdirSync(d).sort()).toEqual(['ghost-protocol', 'monolithic']);
    const mono = join(d, 'monolithic');
    // a monolithic deployment keeps nothing in S3: no storage chart, and the summary does not link one
    expect(existsSync(join(mono, 's3-storage.png'))).toBe(false);
    expect(readFileSync(join(mono, 'summary.md'), 'utf8')).not.toContain('s3-storage.png');
    const g = join(d, 'ghost-protocol');
    const md = readFileSync(join(g, 'summary.md'), 'utf8');
    for (const img of ['cost-by-category.png', 's3-storage.png']) {
      expect(md).toContain(`](${img})`);
      const png = readFileSync(join(g, img));
      expect(png.subarray(0, 8)).toEqual(PNG);
      expect(png.readUInt32BE(16)).toBe(1800); // width at 2x
    }
    expect(readdirSync(g).some((f) => f.endsWith('.tmp'))).toBe(false);
  });
});

describe('hostile text is shown, not interpreted', () => {
  const name = '<img src=x onerror=alert(1)> *bold* [link](http://example.invalid) | pipe';
  const p = planOf(scenarioOf({ ...BASE, name }));
  it('markdown', async () => {
    const md = renderMarkdown(p, { period: chargePeriod('2026-12'), images: true });
    expect(md).not.toContain('<img');
    expect(md.split('\n')[0]).toBe(`# ${mdText(name)}`);
    expect(mdText('a|b')).toBe('a\\|b');
    expect(mdText('[x](y)')).toBe('\\[x\\](y)');
  });
  it('html', async () => {
    const html = renderHtml(p, { period: chargePeriod('2026-12'), chartJs: '/* </script><script>alert(1)</script> */' });
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(esc(name));
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(scriptSafe('a</SCRIPT>b<!--c')).toBe('a<\\/SCRIPT>b<\\!--c');
  });
});
