/** Progress on stderr for work over a second, on a terminal only (issue 15 item 7). In-process, with a clock that moves. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { ROOT } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'lokiplan-progress-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const GP = join(ROOT, 'scenarios/ghost-protocol.yaml');

async function cli(argv: string[], stderrTTY: boolean, msPerRead: number) {
  let t = Date.UTC(2026, 11, 2);
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env: {}, stderrTTY, now: () => new Date((t += msPerRead)) });
  return { code, stdout, stderr };
}

describe('progress', () => {
  it('a long uncertainty run redraws one progress line on a terminal and clears it', async () => {
    const r = await cli(['uncertainty', GP, '--samples', '3000', '--seed', '3'], true, 200);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\r\x1b\[Kuncertainty: [\d,]+ of 3,000 samples, \d+%/);
    expect(r.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(r.stderr).not.toMatch(/\n/);
  });
  it('a long sweep too', async () => {
    const r = await cli(['sweep', GP, '--vary', 'retention=1..1100:1', '--out', join(tmp, 's.csv')], true, 600);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/sweep: [\d,]+ of 1,100 points, \d+%/);
  });
  it('silent when stderr is not a terminal, and when the work is quick', async () => {
    const piped = await cli(['uncertainty', GP, '--samples', '3000', '--seed', '3'], false, 200);
    expect(piped.stderr).toBe('');
    const quick = await cli(['uncertainty', GP, '--samples', '3000', '--seed', '3'], true, 0);
    expect(quick.stderr).toBe('');
    expect(quick.stdout).toBe(piped.stdout);
  });
});
