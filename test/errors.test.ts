/**
 * A bug is not the user's fault (issue 25 item 5): a built-in JavaScript error that is not one of
 * the model's typed errors exits 70 (EX_SOFTWARE) with one "internal error, please report" line;
 * a model limit keeps its typed error (ModelLimitError) and exits 2, as bad input does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError, run } from '../src/cli.js';
import { ModelLimitError, ScenarioError } from '../src/errors.js';
import { cli, ROOT } from './helpers.js';

describe('describeError: typed errors are input, built-in ones are bugs', () => {
  it.each([
    ['a RangeError', new RangeError('Invalid array length')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'replicas')")],
    ["Node's own ERR_* TypeError", Object.assign(new TypeError('The "path" argument must be of type string'), { code: 'ERR_INVALID_ARG_TYPE' })],
    ['a thrown string', 'oops'],
  ])('%s exits 70 with a please-report line', (_, e) => {
    const r = describeError(e);
    expect(r.code).toBe(70);
    expect(r.line).toMatch(/^internal error, please report it .*LOKIPLAN_DEBUG=1/);
  });
  it.each([
    ['a model limit', new ModelLimitError('outside what this model covers: 1,001 replicas')],
    ['a scenario error', new ScenarioError('a.yaml', 'retention', 'expected a duration')],
    ['a failed system call', Object.assign(new Error("ENOENT: no such file or directory, open 'x.yaml'"), { code: 'ENOENT' })],
  ])('%s exits 2 with its own message', (_, e) => {
    const r = describeError(e);
    expect(r.code).toBe(2);
    expect(r.line).not.toMatch(/internal error/);
  });
});

describe('through the CLI', () => {
  it('a built-in error inside a command exits 70 with one please-report line, not "outside what this model covers"', async () => {
    let stderr = '';
    const code = await run(['plan', 'scenarios/monolithic.yaml'], {
      stdout: () => {
        throw new RangeError('Invalid string length');
      },
      stderr: (s) => void (stderr += s),
      env: { NO_COLOR: '1' },
      cwd: ROOT,
    });
    expect(code).toBe(70);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^lokiplan: internal error, please report it .*: Invalid string length$/m);
    expect(stderr).not.toMatch(/outside what this model covers/);
  });
  it('a pod no allowed instance type holds is a model limit: exit 2, one line, no internal error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lokiplan-errors-'));
    const file = join(dir, 'big-pod.yaml');
    writeFileSync(
      file,
      [
        'name: big pod',
        'deployment: { mode: simple-scalable }',
        'ingest: { volume: 100 GB/day }',
        'retention: 7 days',
        'targets: { read: { requests: { cpu: 3, memory: 4Gi }, limits: { cpu: 3, memory: 4Gi } } }',
        'compute: { instanceTypes: [r7g.large], instanceSizes: listed }',
        'baseline: null',
        'region: us-east-1',
        '',
      ].join('\n'),
    );
    const r = await cli(['plan', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/outside what this model covers: no allowed instance type fits a [a-z-]+ pod/);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});
