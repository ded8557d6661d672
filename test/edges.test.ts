/**
 * Thin edges: only src/cli.ts and src/main.ts touch the process, the clock or the environment;
 * everything else gets them through the RunContext. And the context really is used: a run with its
 * own clock and environment sees them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './helpers.js';

const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
const EDGE = new Set(['src/cli.ts', 'src/main.ts']);
// the browser bundle's entry runs in a page, not in the CLI
const BROWSER = new Set(['src/whatif/page-app.ts']);

describe('nothing below cli.ts touches the process', () => {
  const files = walk(join(ROOT, 'src'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => relative(ROOT, f))
    .filter((f) => !EDGE.has(f) && !BROWSER.has(f));
  it('there are modules to check', () => expect(files.length).toBeGreaterThan(40));
  it.each(files)('%s', (f) => {
    const code = readFileSync(join(ROOT, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const found = [/\bprocess\.(env|stdout|stderr|stdin|exit|exitCode|cwd|argv|on|pid)\b/, /\bnew Date\(\)/, /\bDate\.now\(/, /\bhomedir\(\)\s*[,;)]/].filter((re) => re.test(code));
    expect(found.map(String)).toEqual([]);
  });
});

describe('the run context reaches the commands', () => {
  it('the clock: the default charge period is the month after the run context says it is', async () => {
    const r = await cli(['plan', 'scenarios/ghost-protocol.yaml', '-f', 'csv'], { now: () => new Date('2031-05-17T12:00:00Z') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2031-06-01/);
    expect(r.stdout).not.toMatch(/2026-12-01/);
  });
  it('the environment: LOKIPLAN_DEBUG from the context, not the process, shows a stack', async () => {
    const r = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', '/nonexistent.json'], { env: { LOKIPLAN_DEBUG: '1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
    const quiet = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', '/nonexistent.json']);
    expect(quiet.stderr.trim().split('\n')).toHaveLength(1);
  });
});
