/**
 * Running a fuzz case (in-process through run(), or by spawning dist/lokiplan.js) and judging it:
 * exit 0 or 2 (1 only with --check); on exit 2 exactly one clear line on stderr, nothing on stdout
 * and no report files; on exit 0 a complete, self-consistent report. Never a stack trace, a crash,
 * a hang or a half-written report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { run } from '../../src/cli.js';
import { MAX_ERRORS } from '../../src/scenario/load.js';
import { OPTIONAL_OUT_FILES, OUT_FILES } from '../../src/report/registry.js';
import type { FuzzCase } from './cases.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = resolve(ROOT, 'dist/lokiplan.js');

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

export interface Materialized {
  dir: string;
  out: string;
  argv: string[];
  /** files a case placed under the --out directory itself (e.g. one in the way of a report) */
  before: string[];
  /** their bytes, to check that a failed run leaves them as they were */
  beforeBodies: Map<string, Buffer>;
  cleanup(): void;
}

export function materialize(c: FuzzCase, parent = tmpdir()): Materialized {
  const dir = mkdtempSync(join(parent, 'lokiplan-fuzz-'));
  for (const [name, body] of Object.entries(c.files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, body);
  }
  const out = join(dir, 'out');
  const argv = c.argv.map((a) => a.replaceAll('{out}', out).replaceAll('{dir}', dir));
  const before = listFiles(out);
  return { dir, out, argv, before, beforeBodies: new Map(before.map((f) => [f, readFileSync(f)])), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Run the CLI in this process. A process warning (e.g. from a library) would be a second stderr
 * line in the real binary, so it is captured and reported as stderr here too.
 */
export async function runInProcess(argv: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`(node) Warning: ${w.message}`);
  process.on('warning', onWarning);
  const t = performance.now();
  try {
    const code = await run(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env: {} });
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    if (warnings.length) stderr += `${warnings.join('\n')}\n`;
    return { code, stdout, stderr, timedOut: false, ms: performance.now() - t };
  } finally {
    process.off('warning', onWarning);
  }
}

export function runSpawned(argv: string[], timeoutMs: number, cwd: string): Outcome {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
    maxBuffer: 256 << 20,
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM';
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut, ms: performance.now() - t };
}

function listFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

/** A character a terminal acts on (C0 but tab/LF, CR not before LF, DEL, C1, bidi overrides). */
export const TERMINAL_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;
/** Line breaks for a YAML 1.1 reader that a YAML 1.2 reader ignores, and the BOM. */
const YAML11_BREAK = /[\u0085\u2028\u2029\ufeff]/;

const STACK = /\n\s+at |node:internal|\bat .*\.(?:ts|js|mjs):\d+|^\s+at /m;

/** Problems with a lokiplan-plan/1 document: its format, its shape, then each plan. */
export function planDocProblems(j: unknown, where = 'json'): string[] {
  const d = j as { format?: unknown; plans?: unknown };
  if (!d || d.format !== 'lokiplan-plan/1' || !Array.isArray(d.plans) || d.plans.length === 0) return [`${where}: not a lokiplan-plan/1 document`];
  return d.plans.flatMap((p, i) => planJsonProblems(p, `${where}.plans[${i}]`));
}

/** Problems with a plan as JSON: a figure that is not a finite number, negative money, totals that do not add up. */
export function planJsonProblems(j: unknown, where = 'plan'): string[] {
  const out: string[] = [];
  const p = j as {
    lines?: { id: string; monthlyCost: unknown; quantity: unknown }[];
    totals?: { monthly: number; byCategory: Record<string, number> };
    baseline?: unknown;
  };
  if (!p || typeof p !== 'object' || !Array.isArray(p.lines) || !p.totals) return [`${where}: not a plan`];
  for (const l of p.lines) {
    for (const k of ['monthlyCost', 'quantity'] as const) {
      const v = l[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) out.push(`${where}: line ${l.id} ${k} is ${String(v)}`);
    }
  }
  const sum = p.lines.reduce((a, l) => a + (l.monthlyCost as number), 0);
  const tol = (p.lines.length + 1) * 1e-6;
  if (!(Math.abs(sum - p.totals.monthly) <= tol)) out.push(`${where}: lines sum to ${sum}, total says ${p.totals.monthly}`);
  const cats = Object.values(p.totals.byCategory).reduce((a, v) => a + v, 0);
  if (!(Math.abs(cats - p.totals.monthly) <= tol)) out.push(`${where}: categories sum to ${cats}, total says ${p.totals.monthly}`);
  if (p.baseline) out.push(...planJsonProblems(p.baseline, `${where}.baseline`));
  return out;
}

function tableProblems(text: string): string[] {
  const out: string[] = [];
  if (!text.includes('Monthly cost (USD)')) out.push('table: no "Monthly cost (USD)" section');
  // the scenario name is user text and may say anything; every other line is ours
  const ours = text.split('\n').slice(1).filter((l) => !/scenario overrides/.test(l));
  const bad = ours.find((l) => /\bNaN\b|\bInfinity\b|\bundefined\b|\[object Object\]/.test(l));
  if (bad) out.push(`table: suspicious figure in ${JSON.stringify(bad.slice(0, 160))}`);
  return out;
}

/** Everything wrong with an outcome; empty when the case passed. */
export function judge(c: FuzzCase, m: Materialized, o: Outcome): string[] {
  const problems: string[] = [];
  const check = m.argv.includes('--check') || m.argv[0] === 'check'; // `check` exits 1 when the deployment does not hold
  if (o.timedOut) return [`hang: no exit within the time limit (${Math.round(o.ms)} ms)`];
  if (o.code === null) return [`killed: ${o.stderr.slice(0, 300)}`];
  if (!(o.code === 0 || o.code === 2 || (check && o.code === 1))) problems.push(`exit ${o.code}`);
  if (STACK.test(o.stderr)) problems.push('stack trace on stderr');
  if (/internal error|\[object Object\]|Maximum call stack|heap out of memory/i.test(o.stderr)) problems.push('unclear error');

  for (const [name, text] of [['stdout', o.stdout], ['stderr', o.stderr]] as const) {
    const bad = TERMINAL_CONTROL.exec(text);
    if (bad) problems.push(`raw control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} on ${name}`);
  }
  if (m.argv[0] === 'helm-values' && o.code === 0 && !m.argv.includes('--out') && !m.argv.includes('-o')) {
    if (YAML11_BREAK.test(o.stdout)) problems.push('helm values hold a raw NEL/LS/PS/BOM: a YAML 1.1 reader (Helm) breaks the line there');
    const lines11 = o.stdout.replace(/[\u0085\u2028\u2029]/g, '\n');
    try {
      const keys12 = Object.keys((parseYaml(o.stdout) as object) ?? {}).sort();
      const keys11 = Object.keys((parseYaml(lines11) as object) ?? {}).sort();
      if (JSON.stringify(keys11) !== JSON.stringify(keys12)) problems.push(`helm values read as YAML 1.1 have other top-level keys: ${keys11.join(',')}`);
    } catch (e) {
      problems.push(`helm values do not parse: ${(e as Error).message.slice(0, 120)}`);
    }
  }
  for (const [f, body] of m.beforeBodies) {
    if (o.code !== 0 && o.code !== 1 && !(existsSync(f) && readFileSync(f).equals(body))) problems.push(`a file that was in --out before the failed run changed or went: ${f.slice(m.dir.length)}`);
  }

  if (c.expect?.code !== undefined && o.code !== c.expect.code) problems.push(`expected exit ${c.expect.code}, got ${o.code}`);
  if (c.expect?.mentions && o.code === 2 && !o.stderr.includes(c.expect.mentions)) {
    problems.push(`error does not name ${JSON.stringify(c.expect.mentions)}: ${JSON.stringify(o.stderr.slice(0, 300))}`);
  }

  const files = listFiles(m.out).filter((f) => !m.before.includes(f));
  const outArg = m.argv.indexOf('--out');
  const outDir = outArg >= 0 ? m.argv[outArg + 1] : undefined;

  if (o.code === 2) {
    // one line per error (a scenario file's errors all at once, up to MAX_ERRORS and an "and N more" line)
    const lines = o.stderr.split('\n');
    const errs = lines.slice(0, -1);
    if (!(lines.at(-1) === '' && errs.length >= 1 && errs.length <= MAX_ERRORS + 1 && errs.every((l) => l.length > 0))) problems.push(`stderr is not one line per error: ${JSON.stringify(o.stderr.slice(0, 300))}`);
    if (!errs.every((l) => l.startsWith('lokiplan: '))) problems.push(`an error line does not start with "lokiplan: ": ${JSON.stringify(o.stderr.slice(0, 200))}`);
    for (const l of errs) if (l.length > 1000) problems.push(`error line is ${l.length} characters long`);
    if (o.stdout !== '') problems.push(`stdout not empty on error: ${JSON.stringify(o.stdout.slice(0, 200))}`);
    if (files.length) problems.push(`files left after an error: ${files.map((f) => f.slice(m.dir.length)).join(', ')}`);
  }
  if (o.code === 0 || o.code === 1) {
    // helm-values says on stderr what the values alone do not do (a plan that does not hold, the bucket lifecycle to apply)
    const HELM_NOTICE = /^lokiplan: (warning: the plan does not hold|apply the S3 lifecycle the plan priced) /;
    const stderr = m.argv[0] === 'helm-values' ? o.stderr.split('\n').filter((l) => l !== '' && !HELM_NOTICE.test(l)).join('\n') : o.stderr;
    if (stderr !== '') problems.push(`stderr on success: ${JSON.stringify(stderr.slice(0, 200))}`);
    const isPlan = m.argv[0] === 'plan' && !m.argv.some((a) => ['--help', '-h', '--version', '-V'].includes(a));
    if (isPlan && outDir === m.out) {
      const listed = o.stdout.trim().split('\n').map((l) => l.replace(/^wrote /, ''));
      const want = m.argv.slice(1).filter((a, i, all) => !a.startsWith('-') && !(i > 0 && ['--out', '-o', '--prices', '-p', '--format', '-f'].includes(all[i - 1]!))).length;
      // each scenario's directory holds the complete report set (S3 chart only when there is S3)
      const dirs = new Map<string, string[]>();
      for (const f of listed) {
        const d = f.slice(0, f.lastIndexOf('/'));
        dirs.set(d, [...(dirs.get(d) ?? []), f.slice(f.lastIndexOf('/') + 1)]);
      }
      if (dirs.size !== want) problems.push(`wrote ${dirs.size} report directories for ${want} scenario(s)`);
      for (const [d, names] of dirs) {
        const missing = REPORT_FILES.filter((n) => !names.includes(n));
        const extra = names.filter((n) => !REPORT_FILES.includes(n) && !OPTIONAL_REPORT_FILES.includes(n));
        if (missing.length || extra.length) problems.push(`${d}: incomplete report set (missing ${missing.join(', ') || 'none'}; unexpected ${extra.join(', ') || 'none'})`);
      }
      if (JSON.stringify([...files].sort()) !== JSON.stringify([...listed].sort())) problems.push(`files on disk differ from the files reported: ${files.length} vs ${listed.length}`);
      for (const f of files) {
        const body = readFileSync(f, 'utf8');
        if (f.endsWith('.json')) {
          try {
            problems.push(...planDocProblems(JSON.parse(body), f.slice(m.dir.length)));
          } catch {
            problems.push(`${f}: not valid JSON (half-written?)`);
          }
        } else if (f.endsWith('.txt')) {
          if (!body.endsWith('\n')) problems.push(`${f}: does not end with a newline (half-written?)`);
          problems.push(...tableProblems(body));
        } else if (f.endsWith('.png')) {
          if (!readFileSync(f).subarray(0, 8).equals(PNG_SIGNATURE)) problems.push(`${f}: not a PNG (half-written?)`);
        } else if (f.endsWith('.xlsx')) {
          // a whole zip: local header first, end of central directory last (no archive comment)
          const z = readFileSync(f);
          if (z.readUInt32LE(0) !== 0x04034b50 || z.length < 22 || z.readUInt32LE(z.length - 22) !== 0x06054b50) problems.push(`${f}: not a whole xlsx zip (half-written?)`);
        } else if (f.endsWith('.html')) {
          if (!body.trimEnd().endsWith('</html>')) problems.push(`${f}: does not end with </html> (half-written?)`);
        } else if (f.endsWith('.csv') || f.endsWith('.md')) {
          if (!body.endsWith('\n')) problems.push(`${f}: does not end with a newline (half-written?)`);
        } else {
          problems.push(`unexpected file ${f}`);
        }
      }
    } else if (isPlan && !outDir) {
      if (o.stdout === '') problems.push('no output');
      const fi = m.argv.indexOf('--format');
      const fmt = fi >= 0 ? m.argv[fi + 1] : 'table';
      if (fmt === 'csv') {
        if (!o.stdout.includes('BillingCurrency') || !o.stdout.endsWith('\n')) problems.push('stdout is not a complete cost CSV');
      } else if (fmt === 'md') {
        if (!o.stdout.startsWith('# ') || !o.stdout.endsWith('\n')) problems.push('stdout is not a complete Markdown summary');
      } else if (fmt === 'html') {
        if (!o.stdout.trimEnd().endsWith('</html>')) problems.push('stdout is not a complete HTML page');
      } else if (fmt === 'json') {
        try {
          problems.push(...planDocProblems(JSON.parse(o.stdout)));
        } catch {
          problems.push('stdout is not valid JSON');
        }
      } else {
        problems.push(...tableProblems(o.stdout));
      }
    }
  }
  return problems;
}

const REPORT_FILES = OUT_FILES;
const OPTIONAL_REPORT_FILES = OPTIONAL_OUT_FILES;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface Verdict {
  code: number | null;
  problems: string[];
  ms: number;
}

/**
 * Run one case in-process and judge it; with `spawn`, also run the real binary on the same files
 * and require the same exit code, stdout and stderr (the in-process path stands for the binary).
 */
export async function fuzzOne(c: FuzzCase, opts: { spawn?: boolean; timeoutMs?: number } = {}): Promise<Verdict> {
  const m = materialize(c);
  try {
    const o = await runInProcess(m.argv);
    const problems = judge(c, m, o);
    if (opts.spawn) {
      for (const f of listFiles(m.out)) if (!m.before.includes(f)) rmSync(f, { force: true });
      const s = runSpawned(m.argv, opts.timeoutMs ?? 30_000, m.dir);
      problems.push(...judge(c, m, s).map((p) => `spawned: ${p}`));
      if (!s.timedOut && s.code !== null) {
        if (s.code !== o.code) problems.push(`spawned exit ${s.code}, in-process ${o.code}`);
        if (s.stderr !== o.stderr) problems.push(`spawned stderr differs: ${JSON.stringify(s.stderr.slice(0, 200))} vs ${JSON.stringify(o.stderr.slice(0, 200))}`);
        if (s.stdout !== o.stdout) problems.push('spawned stdout differs from in-process');
      }
    }
    return { code: o.code, problems, ms: o.ms };
  } finally {
    m.cleanup();
  }
}

/** A failing case as a regression fixture: test/fixtures/fuzz/<name>/case.json plus files/. */
export function saveFixture(c: FuzzCase, problems: string[], dir = resolve(ROOT, 'test/fixtures/fuzz'), name?: string): string {
  const at = join(dir, name ?? `${c.kind}-${c.id.replace(/[^0-9a-z]+/gi, '-')}`);
  mkdirSync(at, { recursive: true });
  for (const [name, body] of Object.entries(c.files)) {
    const p = join(at, 'files', name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, body);
  }
  const { files: _f, ...meta } = c;
  writeFileSync(join(at, 'case.json'), `${JSON.stringify({ ...meta, found: problems }, null, 2)}\n`);
  return at;
}

/** Load the regression fixtures back as cases. */
export function loadFixtures(dir = resolve(ROOT, 'test/fixtures/fuzz')): FuzzCase[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names
    .filter((n) => statSync(join(dir, n)).isDirectory())
    .map((n) => {
      const meta = JSON.parse(readFileSync(join(dir, n, 'case.json'), 'utf8')) as Omit<FuzzCase, 'files'>;
      const root = join(dir, n, 'files');
      const files = Object.fromEntries(listFiles(root).map((f) => [f.slice(root.length + 1), readFileSync(f)]));
      return { ...meta, id: n, files };
    });
}
