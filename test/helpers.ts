import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { plan } from '../src/model/plan.js';
import type { Plan, Scenario } from '../src/model/types.js';
import { fromDocument, loadScenario } from '../src/scenario/load.js';
import { snapshotBook } from '../src/sources/snapshot.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const read = (p: string) => readFileSync(p, 'utf8');

export function scenarioFile(name: string): Scenario {
  return loadScenario(resolve(ROOT, name), read);
}

/** A scenario from an inline document (fields as in YAML), resolved relative to test/fixtures. */
export function scenarioOf(doc: Record<string, unknown>): Scenario {
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

export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [resolve(ROOT, 'dist/lokiplan.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    timeout: 20000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run the CLI without blocking the event loop (a local server in this process must answer it). */
export function cliAsync(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
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
