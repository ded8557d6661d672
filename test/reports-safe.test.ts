/**
 * Issue 18 item 2: an `--out` over an existing report set installs the whole new set or leaves the
 * old one exactly as it was: when a rename fails, when something is in the way, and after a run
 * that was killed mid-swap (test/writes-hostile.test.ts). Temp files left by interrupted runs are
 * removed by the next run.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAllAtomic, type WriteContext } from '../src/commands/io.js';
import { cli } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lokiplan-safe-'));
const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
/** Every file under a directory with its bytes, dot files included. */
const snapshot = (d: string) => Object.fromEntries(walk(d).map((f) => [relative(d, f), readFileSync(f).toString('base64')]));
const CTX: WriteContext = { onInterrupt: () => () => {}, pid: process.pid, isRunning: () => false };

function oldSet(): { dir: string; files: { path: string; body: string }[] } {
  const dir = tmp();
  const files = ['a/plan.json', 'a/plan.txt', 'a/costs.csv', 'b/plan.json', 'b/plan.txt', 'b/costs.csv'].map((n) => ({ path: join(dir, n), body: `old ${n}\n` }));
  writeAllAtomic(dir, files, CTX);
  return { dir, files };
}
const newSet = (dir: string) => ['a/plan.json', 'a/plan.txt', 'a/costs.csv', 'a/extra.png', 'b/plan.json', 'b/plan.txt', 'b/costs.csv'].map((n) => ({ path: join(dir, n), body: `new ${n}\n` }));

describe('writeAllAtomic', () => {
  it('installs a whole new set and leaves no temp, backup or journal', () => {
    const { dir } = oldSet();
    writeAllAtomic(dir, newSet(dir), CTX);
    const after = snapshot(dir);
    expect(Object.keys(after).sort()).toEqual(['a/costs.csv', 'a/extra.png', 'a/plan.json', 'a/plan.txt', 'b/costs.csv', 'b/plan.json', 'b/plan.txt']);
    expect(readFileSync(join(dir, 'b/plan.txt'), 'utf8')).toBe('new b/plan.txt\n');
  });
  it.each([0, 1, 2, 3, 5, 8, 11, 13])('a rename failing at step %i leaves the old set byte for byte', (step) => {
    const { dir } = oldSet();
    const before = snapshot(dir);
    expect(() =>
      writeAllAtomic(dir, newSet(dir), CTX, {
        beforeRename: (n) => {
          if (n === step) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
        },
      }),
    ).toThrow('disk full');
    expect(snapshot(dir)).toEqual(before);
  });
  it('a directory where a report goes is refused before anything moves', () => {
    const { dir } = oldSet();
    mkdirSync(join(dir, 'b/plan.txt.d'));
    const files = newSet(dir).map((f) => (f.path.endsWith('b/plan.txt') ? { ...f, path: join(dir, 'b/plan.txt.d') } : f));
    const before = snapshot(dir);
    expect(() => writeAllAtomic(dir, files, CTX)).toThrow(/in the way/);
    expect(snapshot(dir)).toEqual(before);
  });
  // a run killed mid-swap, a journal of a live run and planted journals: test/writes-hostile.test.ts
});

describe('plan --out over an existing report set', () => {
  it('a file where a scenario directory must go: exit 2, the old set intact', async () => {
    const out = tmp();
    const first = await cli(['plan', 'scenarios/ghost-protocol.yaml', 'scenarios/monolithic.yaml', '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    const dirs = readdirSync(out);
    expect(dirs.length).toBe(2);
    // a directory in place of one report file of the second scenario
    const victim = join(out, dirs[1]!, 'costs.csv');
    renameSync(victim, `${victim}.moved`);
    mkdirSync(victim);
    const before = snapshot(out);
    const second = await cli(['plan', 'scenarios/ghost-protocol.yaml', 'scenarios/monolithic.yaml', '--out', out]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/--out .*cannot write the report/);
    expect(snapshot(out)).toEqual(before);
  });
});

describe('temp files of interrupted runs', () => {
  it('sweep --out removes the temp file a dead run left beside its CSV, and keeps a live run\'s', async () => {
    const d = tmp();
    const dead = join(d, '.s.csv.999999.0e9a6c1e-1111-4222-8333-944455556668.tmp');
    const live = join(d, `.s.csv.${process.pid + 0}.0e9a6c1e-1111-4222-8333-944455556669.tmp`);
    writeFileSync(dead, 'x'.repeat(1000));
    writeFileSync(live, 'y');
    const r = await cli(['sweep', 'scenarios/ghost-protocol.yaml', '--vary', 'retention=7,30', '--out', join(d, 's.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(join(d, 's.csv'))).toBe(true);
    // the test process is this run's own pid here: its temp is not a stale one... of another run
    expect(readdirSync(d).filter((n) => n.endsWith('.tmp'))).toEqual([live.split('/').pop()]);
  });
});
