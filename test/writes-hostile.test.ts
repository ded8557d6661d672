/**
 * Issue 30 item 1: the files lokiplan writes cannot be turned against the user. A journal it did
 * not write is never acted on; a run killed mid-swap is rolled back by a later run into or under
 * the same folder, from any working directory; two writers into one folder never leave a mixed or
 * partial set; single-file outputs write through a device or FIFO and follow symbolic links rather
 * than replace them; bad `--out` paths and a full stdout are one line and exit 2.
 *
 * Kills and races need real processes: test/fixtures/writer-child.ts is bundled with esbuild (the
 * writers alone, ~10 kB) and spawned.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildSync } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_LOCK, writeAllAtomic, type WriteContext } from '../src/commands/writes.js';
import { cli, ROOT } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lokiplan-hostile-'));
const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (lstatSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
/** Every file under a directory with its bytes, dot files included. */
const snapshot = (d: string) => Object.fromEntries(walk(d).map((f) => [relative(d, f), readFileSync(f).toString('base64')]));
const hidden = (d: string) => walk(d).filter((f) => f.split('/').pop()!.startsWith('.') || f.includes(`/${OUTPUT_LOCK}`));
const CTX: WriteContext = { onInterrupt: () => () => {}, pid: process.pid, isRunning: () => false };
const FILES = ['plan.json', 'plan.txt', 'costs.csv', 'summary.md'];
const setOf = (dir: string, subdirs: string[], tag: string) => subdirs.flatMap((d) => FILES.map((f) => ({ path: join(dir, d, f), body: `${tag}\n` })));
/** The tag of each subdirectory's set; throws when a set is mixed or incomplete. */
function tags(dir: string, subdirs: string[]): string[] {
  return subdirs.map((d) => {
    const seen = new Set(FILES.map((f) => readFileSync(join(dir, d, f), 'utf8').split('\n')[0]));
    if (seen.size !== 1) throw new Error(`${d}: a mixed set: ${[...seen].join(', ')}`);
    return [...seen][0]!;
  });
}

let child = '';
beforeAll(() => {
  child = join(tmp(), 'writer-child.mjs');
  buildSync({ entryPoints: [join(ROOT, 'test/fixtures/writer-child.ts')], bundle: true, platform: 'node', format: 'esm', outfile: child, logLevel: 'error' });
});
const runChild = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [child, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
const runChildAsync = (args: string[]) =>
  new Promise<{ code: number | null; stderr: string }>((done) => {
    const p = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (b) => (stderr += b));
    p.on('close', (code) => done({ code, stderr }));
  });

describe('a journal lokiplan did not write is never acted on', () => {
  /** The reproduction: a journal committed into the report folder names files outside it. */
  function planted(out: string, outside: string) {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(outside, 'bashrc'), 'the user\'s shell setup\n');
    writeFileSync(join(outside, 'attacker'), 'export EVIL=1\n');
    writeFileSync(join(outside, 'unrelated.txt'), 'keep me\n');
    const id = '0e9a6c1e-1111-4222-8333-944455556666';
    const entries = [
      { path: join(outside, 'bashrc'), tmp: join(outside, 'unrelated.txt'), backup: join(outside, 'attacker'), installed: true },
      { path: join(out, 'x/plan.txt'), tmp: join(outside, 'unrelated.txt'), backup: null, installed: false },
    ];
    return { id, entries, journal: join(out, `.lokiplan-write.${id}.json`) };
  }
  it.each([
    ['the first format (no seal)', (j: ReturnType<typeof planted>) => JSON.stringify({ pid: 4242, entries: j.entries })],
    ['the sealed format with a forged seal', (j: ReturnType<typeof planted>, out: string) => `${JSON.stringify({ format: 'lokiplan-write/2', pid: 4242, folder: out, entries: j.entries })}\n${'0'.repeat(64)}\n`],
  ])('%s: plan --out leaves every file outside the folder as it was, and says so', async (_, text) => {
    const d = tmp();
    const out = join(d, 'reports');
    const outside = join(d, 'home');
    mkdirSync(outside);
    const j = planted(out, outside);
    writeFileSync(j.journal, text(j, out));
    const before = snapshot(outside);
    const r = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(snapshot(outside)).toEqual(before);
    expect(existsSync(j.journal)).toBe(true);
    expect(r.stderr).toMatch(/^lokiplan: warning: .*\.lokiplan-write\.0e9a6c1e-1111-4222-8333-944455556666\.json is not a write journal .*; left alone/m);
    expect(readdirSync(join(out, 'ghost-protocol')).sort()).toContain('plan.json');
  });
  it('a real journal copied into another folder, or edited, is not acted on', () => {
    const d = tmp();
    const out = join(d, 'out');
    writeAllAtomic(out, setOf(out, ['s1', 's2'], 'old'), CTX);
    const k = runChild(['kill', out, 'new', '3', 's1,s2']);
    expect(k.signal).toBe('SIGKILL');
    // a copy of the killed run's folder (the journal's inode changes): left as it is
    const copy = join(d, 'copy');
    cpSync(out, copy, { recursive: true });
    const copied = snapshot(copy);
    const warned: string[] = [];
    writeAllAtomic(join(copy, 'other'), setOf(join(copy, 'other'), ['.'], 'x'), { ...CTX, stderr: (s) => void warned.push(s) });
    const after = snapshot(copy);
    for (const [k2, v] of Object.entries(copied)) expect(after[k2], k2).toBe(v);
    expect(warned.join('')).toMatch(/is not a write journal/);
    // an edited journal in place: the seal no longer holds
    const jn = readdirSync(out).find((n) => n.startsWith('.lokiplan-write.') && n.endsWith('.json'))!;
    const text = readFileSync(join(out, jn), 'utf8');
    writeFileSync(join(out, jn), text.replace('"installed":true', '"installed":false'));
    const edited = snapshot(out);
    writeAllAtomic(join(out, 'z'), setOf(join(out, 'z'), ['.'], 'x'), CTX);
    const later = snapshot(out);
    for (const [k2, v] of Object.entries(edited)) expect(later[k2], k2).toBe(v);
  });
});

describe('a run killed mid-swap is rolled back by any later run into or under the folder', () => {
  it.each([1, 4, 9, 14])('killed before rename %i: a single-scenario run into a subfolder, from another cwd, restores the old set', (step) => {
    const d = tmp();
    const out = join(d, 'out');
    const subdirs = ['s1', 's2', 's3'];
    writeAllAtomic(out, setOf(out, subdirs, 'old'), CTX);
    const before = snapshot(out);
    // the killed run wrote with a path relative to its own working directory
    const k = runChild(['kill', 'out', 'new', String(step), subdirs.join(',')], d);
    expect(k.signal).toBe('SIGKILL');
    expect(hidden(out).length).toBeGreaterThan(0);
    // a later run writes only out/s2 (its folder), from this test's working directory
    writeAllAtomic(join(out, 's2'), setOf(join(out, 's2'), ['.'], 'later'), CTX);
    expect(hidden(out)).toEqual([]);
    expect(tags(out, subdirs)).toEqual(['old', 'later', 'old']);
    const after = snapshot(out);
    for (const s of ['s1', 's3']) for (const f of FILES) expect(after[`${s}/${f}`]).toBe(before[`${s}/${f}`]);
  });
  it('a run killed writing a subfolder is rolled back by a later run into the parent folder', () => {
    const d = tmp();
    const out = join(d, 'out');
    writeAllAtomic(join(out, 's1'), setOf(join(out, 's1'), ['.'], 'old'), CTX);
    const k = runChild(['kill', join(out, 's1'), 'new', '4', '.']);
    expect(k.signal).toBe('SIGKILL');
    writeAllAtomic(out, setOf(out, ['s2'], 'later'), CTX);
    expect(hidden(out)).toEqual([]);
    expect(tags(out, ['s1', 's2'])).toEqual(['old', 'later']);
  });
  it('the journal and lock of a run that is still running are left alone: the next writer waits, then refuses in one line', () => {
    const d = tmp();
    const out = join(d, 'out');
    writeAllAtomic(out, setOf(out, ['s1'], 'old'), CTX);
    const k = runChild(['kill', out, 'new', '3', 's1']);
    const pid = k.pid!;
    const left = snapshot(out);
    let err: Error | undefined;
    try {
      writeAllAtomic(out, setOf(out, ['s1'], 'later'), { ...CTX, isRunning: (p) => p === pid }, { waitMs: 200 });
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toMatch(new RegExp(`^another lokiplan run \\(pid ${pid}\\) is writing into .*out; run again when it is done, or remove .*${OUTPUT_LOCK.replace(/\./g, '\\.')} if no run is left$`));
    expect(snapshot(out)).toEqual(left);
    // once it is gone, its lock is taken over and its journal rolled back
    writeAllAtomic(out, setOf(out, ['s1'], 'later'), CTX);
    expect(tags(out, ['s1'])).toEqual(['later']);
    expect(hidden(out)).toEqual([]);
  });
});

describe('two writers into one folder', () => {
  it('10 rounds of two concurrent writers (same folder, or a folder and its subfolder): every set is whole, nothing left behind', async () => {
    const d = tmp();
    const out = join(d, 'out');
    for (let round = 0; round < 10; round++) {
      const nested = round % 2 === 1;
      const [a, b] = await Promise.all([
        runChildAsync(['race', out, `a${round}`, '4', 's1,s2']),
        nested ? runChildAsync(['race', join(out, 's1'), `b${round}`, '4', '.']) : runChildAsync(['race', out, `b${round}`, '4', 's1,s2']),
      ]);
      expect(a, `round ${round}`).toEqual({ code: 0, stderr: '' });
      expect(b, `round ${round}`).toEqual({ code: 0, stderr: '' });
      const [t1, t2] = tags(out, ['s1', 's2']);
      expect(t2).toMatch(new RegExp(`^[${nested ? 'a' : 'ab'}]${round}-3$`));
      expect(t1).toMatch(new RegExp(`^[ab]${round}-3$`));
      expect(hidden(out)).toEqual([]);
    }
  }, 60_000);
});

describe('plan --out with a link on the way', () => {
  it('a scenario folder that is a symbolic link to elsewhere: exit 2 in one line, the place it points to untouched', async () => {
    const d = tmp();
    const elsewhere = join(d, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'plan.txt'), 'not a report\n');
    mkdirSync(join(d, 'out'));
    symlinkSync(elsewhere, join(d, 'out', 'ghost-protocol'));
    const r = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--out', join(d, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/ghost-protocol is in the way: it is a symbolic link \(lokiplan writes only inside the output folder\)/);
    expect(readdirSync(elsewhere)).toEqual(['plan.txt']);
    expect(readFileSync(join(elsewhere, 'plan.txt'), 'utf8')).toBe('not a report\n');
  });
});

describe('single-file outputs', () => {
  const args = (out: string) => ['helm-values', 'scenarios/ghost-protocol.yaml', '--out', out];
  it('a symbolic link is followed: the file it names gets the output, the link stays a link', async () => {
    const d = tmp();
    writeFileSync(join(d, 'values.yaml'), 'old\n');
    symlinkSync('values.yaml', join(d, 'link.yaml'));
    const r = await cli(args(join(d, 'link.yaml')));
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(join(d, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(d, 'link.yaml'))).toBe('values.yaml');
    expect(readFileSync(join(d, 'values.yaml'), 'utf8')).toMatch(/^# /);
    expect(readdirSync(d).sort()).toEqual(['link.yaml', 'values.yaml']);
  });
  it('a link to nothing is refused in one line, exit 2, and stays as it was', async () => {
    const d = tmp();
    symlinkSync(join(d, 'missing', 'x.yaml'), join(d, 'dangling.yaml'));
    const r = await cli(args(join(d, 'dangling.yaml')));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/dangling\.yaml is a symbolic link to nothing/);
    expect(lstatSync(join(d, 'dangling.yaml')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(d, 'missing'))).toBe(false);
  });
  it('a FIFO is written through (its reader gets the output) and stays a FIFO', async () => {
    const d = tmp();
    const fifo = join(d, 'pipe');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return void console.warn('skipped: mkfifo is not available');
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let got = '';
    reader.stdout.on('data', (b) => (got += b));
    const closed = new Promise((r) => reader.on('close', r));
    const r = await cli(['sweep', 'scenarios/ghost-protocol.yaml', '--vary', 'retention=7,30', '--out', fifo]);
    await closed;
    expect(r.code, r.stderr).toBe(0);
    expect(got.split('\n')[0]).toMatch(/retention/);
    expect(got.trim().split('\n')).toHaveLength(3);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(d)).toEqual(['pipe']);
  });
  it('a character device is written through, never replaced', async () => {
    const d = tmp();
    const dev = join(d, 'null');
    // a copy of /dev/null's node (1,3) made here, so the system's own is never at stake
    if (spawnSync('mknod', [dev, 'c', '1', '3']).status !== 0) return void console.warn('skipped: mknod needs root');
    const ino = statSync(dev).ino;
    for (const argv of [args(dev), ['compare', 'scenarios/ghost-protocol.yaml', 'scenarios/monolithic.yaml', '--out', dev]]) {
      const r = await cli(argv);
      expect(r.code, r.stderr).toBe(0);
      expect(statSync(dev).isCharacterDevice()).toBe(true);
      expect(statSync(dev).ino).toBe(ino);
    }
    expect(readdirSync(d)).toEqual(['null']);
  });
  it('a regular file keeps its permissions', async () => {
    const d = tmp();
    writeFileSync(join(d, 'v.yaml'), 'old\n', { mode: 0o640 });
    const r = await cli(args(join(d, 'v.yaml')));
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(join(d, 'v.yaml')).mode & 0o777).toBe(0o640);
  });
});

describe('--out paths and stdout', () => {
  it.each([
    [['plan', 'scenarios/ghost-protocol.yaml', '--out', ''], /--out <dir>' argument '' is invalid\. an empty path/],
    [['helm-values', 'scenarios/ghost-protocol.yaml', '--out', ''], /an empty path/],
    [['sweep', 'scenarios/ghost-protocol.yaml', '--vary', 'retention=7,30', '--chart', ''], /an empty path/],
    [['plan', 'scenarios/ghost-protocol.yaml', '--out', 'a\nwrote /etc/passwd'], /a control character/],
  ])('%j: one line, exit 2, nothing written', async (argv, msg) => {
    const d = tmp();
    const r = await cli(argv as string[], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(msg);
    expect(r.stdout).toBe('');
  });
  it('plan > /dev/full: one line, exit 2 (the bundle, as users run it)', () => {
    if (!existsSync('/dev/full')) return void console.warn('skipped: no /dev/full');
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist/lokiplan.js'), 'plan', 'scenarios/ghost-protocol.yaml'], { cwd: ROOT, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 20_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('lokiplan: cannot write to standard output: no space left on device\n');
    } finally {
      closeSync(full);
    }
  });
});

