/**
 * Issue 30 items 3 and 4: every input path has the bounds a scenario has, and no error quotes a
 * file that is not a scenario. Profiles (size, keys, reserved names, alias bombs, figures inside
 * the model's ranges, their own id, UTF-8), files named by `extends:` or `--profile` that are not
 * YAML of the right kind (a .env of secrets, /proc files): one line naming file and field, exit 2.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lokiplan-inputs-'));
const SECRET = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY';
const ENV_FILE = `AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`;

/** One line on stderr naming the file, exit 2, no stack trace, nothing on stdout. */
function oneLine(r: { code: number | null; stdout: string; stderr: string }, msg: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(msg);
  expect(r.stderr).not.toMatch(/\n\s+at |node:internal/);
  expect(r.stdout).toBe('');
}

const PROFILE = (extra: string, head = 'schema: lokiplan-profile/1\nid: acme\nversion: 1\nextends: grafana-loki\ndescription: d\n') => head + extra;

describe('profiles: one set of bounds', () => {
  const cases: [string, () => string | Buffer, RegExp][] = [
    ['over 1 MiB is refused, not cut', () => PROFILE(`# ${'x'.repeat(1 << 20)}\ncalibrate:\n  write: { throughput: 6 MiB/s, atCpu: 1, source: s }\n`), /larger than 1048576 bytes/],
    ['invalid UTF-8', () => Buffer.concat([Buffer.from(PROFILE('')), Buffer.from([0x23, 0xff, 0xfe, 0x0a])]), /not valid UTF-8 text/],
    ['calibrate: { constructor: ... }', () => PROFILE('calibrate:\n  constructor: { throughput: 6 MiB/s, atCpu: 1, source: s }\n'), /constructor: is not a profile field/],
    ['a __proto__ key', () => PROFILE('__proto__: { id: x }\n'), /__proto__: is not a profile field/],
    ['an alias bomb', () => PROFILE(`a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n`), /invalid YAML\/JSON: .*alias/i],
    ['a duplicate key', () => PROFILE('description: again\n'), /duplicate key "description"/],
    ['a pod volume past the largest gp3 volume', () => PROFILE('targets:\n  write: { volumeGiB: 1000000000 }\n'), /targets\.write\.volumeGiB: .*(16384|16,384)/],
    ['a CPU request below 1m', () => PROFILE('targets:\n  write: { requests: { cpu: 0.0001 } }\n'), /targets\.write\.requests\.cpu: .*0\.001/],
    ['a calibrated CPU past the largest instance', () => PROFILE('calibrate:\n  write: { throughput: 6 MiB/s, atCpu: 1000, source: s }\n'), /calibrate\.write\.atCpu: outside what this model covers/],
    ['extends the default without its own id', () => PROFILE('', 'schema: lokiplan-profile/1\nversion: 1\nextends: grafana-loki\ndescription: d\ncalibrate:\n  write: { throughput: 6 MiB/s, atCpu: 1, source: s }\n'), /id: a profile that extends grafana-loki needs its own id .*not labelled grafana-loki@/],
    ['a misspelt field', () => PROFILE('calibrat: {}\n'), /calibrat: unknown field .*did you mean calibrate\?/],
    ['a misspelt measurement field', () => PROFILE('calibrate:\n  write: { throughput: 6 MiB/s, atCPU: 1, source: s }\n'), /calibrate\.write\.atCPU: unknown field; did you mean atCpu\?/],
  ];
  it.each(cases)('%s: one line, exit 2', async (_, body, msg) => {
    const d = tmp();
    writeFileSync(join(d, 'p.yaml'), body());
    oneLine(await cli(['plan', 'scenarios/ghost-protocol.yaml', '--profile', join(d, 'p.yaml')]), msg);
  });
  it('110,000 keys are judged in linear time (a duplicate found, not minutes of CPU)', async () => {
    const d = tmp();
    const keys = Array.from({ length: 110_000 }, (_, i) => `k${i.toString(36)}: 1`).join('\n');
    writeFileSync(join(d, 'p.yaml'), PROFILE(`${keys}\nk5: 2\n`));
    const t = performance.now();
    oneLine(await cli(['plan', 'scenarios/ghost-protocol.yaml', '--profile', join(d, 'p.yaml')]), /duplicate key "k5"/);
    // generous for a loaded machine; the quadratic check took ~100 s
    expect(performance.now() - t).toBeLessThan(20_000);
  });
});

describe('no content echoed', () => {
  it.each([
    ['extends: a .env file', (d: string) => (writeFileSync(join(d, 'fake.env'), ENV_FILE), ['plan', join(d, 's.yaml')]), 'extends: fake.env\nname: x\n', /fake\.env: expected a mapping of scenario fields, got a line of text/],
    ['--profile a .env file', (d: string) => (writeFileSync(join(d, 'fake.env'), ENV_FILE), ['plan', 'scenarios/ghost-protocol.yaml', '--profile', join(d, 'fake.env')]), '', /fake\.env: expected a mapping of profile fields, got a line of text/],
    ['extends: YAML that does not parse', (d: string) => (writeFileSync(join(d, 'notes.txt'), `key: [${SECRET}\n`), ['plan', join(d, 's.yaml')]), 'extends: notes.txt\n', /notes\.txt: invalid YAML at line \d+, column \d+/],
    ['extends: /proc/self/environ', (d: string) => ['plan', join(d, 's.yaml')], 'extends: /proc/self/environ\n', /extends: \/proc\/self\/environ: is a generated file \(as in \/proc or \/sys\)/],
    ['--profile /proc/self/environ', () => ['plan', 'scenarios/ghost-protocol.yaml', '--profile', '/proc/self/environ'], '', /\/proc\/self\/environ: is a generated file/],
  ] as const)('%s: says what is wrong, quotes nothing', async (_, setup, scenario, msg) => {
    const d = tmp();
    writeFileSync(join(d, 's.yaml'), scenario);
    const argv = setup(d);
    const r = await cli([...argv], { env: { AWS_SECRET_ACCESS_KEY: SECRET } });
    oneLine(r, msg);
    expect(r.stderr).not.toContain(SECRET);
    expect(r.stderr).not.toContain('AKIA');
  });
  it('a FIFO named by extends: is refused at once, not waited on', async () => {
    const d = tmp();
    const { spawnSync } = await import('node:child_process');
    if (spawnSync('mkfifo', [join(d, 'pipe.yaml')]).status !== 0) return void console.warn('skipped: no mkfifo');
    writeFileSync(join(d, 's.yaml'), 'extends: pipe.yaml\n');
    oneLine(await cli(['plan', join(d, 's.yaml')]), /extends: .*pipe\.yaml: is not a regular file/);
    symlinkSync('/dev/zero', join(d, 'zero.yaml'));
    writeFileSync(join(d, 't.yaml'), 'extends: zero.yaml\n');
    oneLine(await cli(['plan', join(d, 't.yaml')]), /extends: .*zero\.yaml: is not a regular file/);
  });
});

describe('alternatives, commitments and scenario figures: bounded, one line', () => {
  const scenario = (d: string, extra: string) => {
    writeFileSync(join(d, 'a.yaml'), `extends: ${join(ROOT, 'scenarios/ghost-protocol.yaml')}\n${extra}`);
    return join(d, 'a.yaml');
  };
  it.each([
    ['a 400-digit quote', `alternatives:\n  quotes: { datadog.logs.ingest: "${'9'.repeat(400)}" }\n`, /alternatives\.quotes\.datadog\.logs\.ingest: outside what this model covers: a quote is a unit price of at most \$1,000,000,000\.00/],
    ['a quote key in the wrong case', 'alternatives:\n  quotes: { Datadog.logs.ingest: "0.1" }\n', /alternatives\.quotes\.Datadog\.logs\.ingest: not a price key of any alternative; did you mean datadog\.logs\.ingest\?/],
    ['a quote that makes a bill past $1e9 a month', 'alternatives:\n  quotes: { datadog.logs.ingest: "999999999" }\n', /alternatives: outside what this model covers: Datadog .* would cost \$[\d,]+\.\d\d a month; amounts above \$1,000,000,000\.00/],
    ['a tiny event size', 'alternatives:\n  eventSize: 0.001 B\n', /alternatives\.eventSize: outside what this model covers: must be at least 1 byte/],
    ['an alternative included twice', 'alternatives:\n  include: [datadog, datadog]\n', /alternatives\.include: datadog is listed twice/],
    ['a line under one byte', 'ingest: { volume: null, rate: 1000000 lines/s, avgLineSize: 0.01 B }\n', /ingest\.avgLineSize: outside what this model covers: .*a line is at least 1 byte/],
    ['a ruler scan of 8 EB a day', 'query: { rulerScannedPerDay: 8 EB }\n', /query\.rulerScannedPerDay: outside what this model covers: .*at most 100,000,000,000,000,000 B\/day/],
  ])('%s', async (_, extra, msg) => {
    oneLine(await cli(['plan', scenario(tmp(), extra)]), msg);
  });
  const book = (regions: Record<string, unknown>) => JSON.stringify({ format: 'lokiplan-prices/1', currency: 'USD', regions });
  it('a commitments file without the scenario\'s region: planned at list prices there, and said so', async () => {
    const d = tmp();
    writeFileSync(join(d, 'c.json'), book({ 'eu-west-1': { asOf: '2026-01', prices: {}, commitments: { m7i: { kind: 'savings-plan', discountPercent: '28', source: 'x' } } } }));
    const r = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--commitments', join(d, 'c.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/--commitments .*c\.json: no rates for us-east-1; its scenarios are planned at list prices/);
    expect(r.stderr).not.toMatch(/unknown region/);
  });
  it.each([
    ['a rate 61x on-demand', { m7i: { kind: 'reserved-instance', rates: { 'm7i.xlarge': '12.3' }, source: 'x' } }, /c\.json: regions\.us-east-1\.commitments\.m7i\.rates\.m7i\.xlarge: \$12\.3 an hour is more than the on-demand \$0\.2016/],
    ['a family key in capitals', { M7G: { kind: 'savings-plan', discountPercent: '28', source: 'x' } }, /commitments\.M7G: unknown instance family "M7G"; did you mean m7g\?/],
    ['a family key with a space', { 'm7g ': { kind: 'savings-plan', discountPercent: '28', source: 'x' } }, /commitments\.m7g : unknown instance family "m7g "; did you mean m7g\?/],
  ])('commitments: %s', async (_, commitments, msg) => {
    const d = tmp();
    writeFileSync(join(d, 'c.json'), book({ 'us-east-1': { asOf: '2026-01', prices: {}, commitments } }));
    oneLine(await cli(['plan', 'scenarios/ghost-protocol.yaml', '--commitments', join(d, 'c.json')]), msg);
  });
});

describe('work estimated before it starts', () => {
  it('uncertainty --samples 10000000: refused at once, naming the flag that raises it', async () => {
    const t = performance.now();
    oneLine(await cli(['uncertainty', 'scenarios/ghost-protocol.yaml', '--samples', '10000000']), /uncertainty: 10,000,000 plans .* is more than --max-samples 1,000,000 allows; ask for fewer, or raise --max-samples/);
    expect(performance.now() - t).toBeLessThan(10_000);
  });
  it('a sweep of a near-1 MiB scenario counts its weight: refused, naming --max-points', async () => {
    const d = tmp();
    writeFileSync(join(d, 'big.yaml'), `extends: ${join(ROOT, 'scenarios/ghost-protocol.yaml')}\nname: "${'x'.repeat(900_000)}"\n`);
    oneLine(await cli(['sweep', join(d, 'big.yaml'), '--vary', 'retention=1..3650:1']), /sweep: 3,650 plans of a scenario \d+x the weight of a small one \([\d,]+ units of work\) is more than --max-points 100,000 allows; .*raise --max-points/);
  });
  it('a small run says nothing about its work', async () => {
    const r = await cli(['uncertainty', 'scenarios/ghost-protocol.yaml', '--samples', '200']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('growth stays inside the ingest range plan covers', () => {
  it('a shrinking forecast that would plan months below 1 GB/day: one line naming the month, exit 2', async () => {
    oneLine(await cli(['growth', 'scenarios/monolithic.yaml', '--growth=-90%', '--months', '12']), /monolithic\.yaml: --growth: month \d+: ingest of [\d.]+ MB\/day is outside what this model covers \(1 GB\/day to 1 PB\/day\)/);
  });
});
