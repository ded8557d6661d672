import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { run } from '../src/cli.js';
import { plan } from '../src/model/plan.js';
import type { Plan, Scenario } from '../src/model/types.js';
import { fromDocument, loadScenario } from '../src/scenario/load.js';
import { snapshotBook } from '../src/sources/snapshot.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const read = (p: string) => readFileSync(p, 'utf8');

export function scenarioFile(name: string): Scenario {
  return loadScenario(resolve(ROOT, name), read);
}

/**
 * A scenario from an inline document (fields as in YAML), resolved relative to test/fixtures.
 * Unlike a file, an inline document without `extends` is simple-scalable with no baseline unless it
 * says otherwise (the model tests were written for that mode); the product's own defaults (mode
 * auto, a monolithic baseline) are tested through `productDefaults` and the shipped files.
 */
export function scenarioOf(doc: Record<string, unknown>): Scenario {
  const d = structuredClone(doc);
  if (d['extends'] === undefined) {
    const dep = (d['deployment'] ?? {}) as Record<string, unknown>;
    if (dep['mode'] === undefined) d['deployment'] = { mode: 'simple-scalable', ...dep };
    if (!('baseline' in d)) d['baseline'] = null;
  }
  return fromDocument(d, resolve(ROOT, 'test/fixtures/inline.yaml'), read);
}

/** An inline document with the product's defaults, as a file without `deployment.mode` or `baseline:`. */
export function productDefaults(doc: Record<string, unknown>): Scenario {
  return fromDocument(structuredClone(doc), resolve(ROOT, 'test/fixtures/inline.yaml'), read);
}

export const planOf = (s: Scenario): Plan => plan(s, snapshotBook);

export const BASE = {
  name: 'base',
  region: 'us-east-1',
  ingest: { volume: '1 TB/day' },
  retention: '30 days',
  compute: { instanceTypes: ['m7i.xlarge', 'm7i.2xlarge', 'm7g.xlarge'] },
};

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The whole CLI in-process through run(argv, io): the environment is only what the test gives
 * (plus NO_COLOR), never the test process's own; the clock and working directory can be set.
 */
export async function cli(args: string[], opts: { cwd?: string; env?: Record<string, string>; now?: () => Date } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    env: { NO_COLOR: '1', ...opts.env },
    cwd: opts.cwd ?? ROOT,
    ...(opts.now ? { now: opts.now } : {}),
  });
  return { code, stdout, stderr };
}

/** Smoke tests only: spawn the real bundle (~0.45 s each), as users run it. */
export function spawnCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [resolve(ROOT, 'dist/lokiplan.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    timeout: 20000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Spawn the bundle without blocking the event loop (a local server in this process must answer it). */
export function spawnCliAsync(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AWS_')) env[k] = v;
  return new Promise((ok) => {
    const child = spawn(process.execPath, [resolve(ROOT, 'dist/lokiplan.js'), ...args], { cwd: opts.cwd ?? ROOT, env: { ...env, NO_COLOR: '1', ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25000);
    child.on('close', (code) => {
      clearTimeout(timer);
      ok({ code, stdout, stderr });
    });
  });
}
