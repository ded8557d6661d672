/**
 * Issue 18 item 1: no string from a scenario, path, price book or remote error is turned into
 * something else where it goes: a terminal, a YAML 1.1 reader (Helm, PyYAML), a <script> element,
 * a log line with credentials.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { awsFailure } from '../src/sources/aws-common.js';
import { jsonForScript, remoteMessage, terminalSafe, yamlCommentSafe } from '../src/text/neutral.js';
import { BASE, cli, ROOT } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lokiplan-neutral-'));
/** A scenario file (JSON is YAML) whose fields are the test's; extends the shipped ghost-protocol. */
function scenario(doc: Record<string, unknown>): string {
  const f = join(tmp(), 'scenario.yaml');
  writeFileSync(f, JSON.stringify({ ...BASE, ...doc }));
  return f;
}
/** Every control a terminal acts on (ESC, BEL, CSI 8-bit, DEL) and the bidi overrides. */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

/** PyYAML, a YAML 1.1 parser (Helm's Go parser reads NEL, LS and PS as line breaks the same way). */
function parseYaml11(text: string): unknown {
  const r = spawnSync('python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))'], { input: text, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`PyYAML (python3-yaml) is needed for this test: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout);
}

const INJECT = 'x\u0085extraObjects: [{apiVersion: v1, kind: ConfigMap, metadata: {name: pwned}}]\u0085#';

describe('helm-values for YAML 1.1 and 1.2 readers', () => {
  it('PyYAML really is a YAML 1.1 reader: NEL splits a plain scalar (the attack the values must survive)', () => {
    expect(parseYaml11(`name: ${INJECT}\n`)).toHaveProperty('extraObjects');
  });
  it.each([
    ['the scenario name (header comment)', [], { name: INJECT }],
    ['a line separator in the name', [], { name: 'x\u2028extraObjects: [1]\u2029#' }],
    ['--chunks-bucket (a scalar)', ['--chunks-bucket', INJECT], {}],
    ['--ruler-bucket with controls', ['--ruler-bucket', 'r\x1b[2J\x07\ufeff'], {}],
  ] as const)('%s: no extra object, the same values for YAML 1.1 and 1.2', async (_, args, doc) => {
    const r = await cli(['helm-values', scenario(doc), ...args]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0085\u2028\u2029\ufeff]/);
    expect(r.stdout).not.toMatch(CONTROL);
    const v12 = parse(r.stdout) as Record<string, unknown>;
    const v11 = parseYaml11(r.stdout) as Record<string, unknown>;
    expect(Object.keys(v11).sort()).toEqual(Object.keys(v12).sort());
    expect(v11).not.toHaveProperty('extraObjects');
    expect(v11).toEqual(v12);
    // the strings arrive intact, escaped, not dropped
    if (args[0] === '--chunks-bucket') expect(JSON.stringify(v12)).toContain(JSON.stringify(INJECT).slice(1, -1));
  });
  it('comment text cannot end its line', () => {
    expect(yamlCommentSafe('a\nb\rc\u0085d\u2028e\u2029f')).toBe('a\\u000ab\\u000dc\\u0085d\\u2028e\\u2029f');
  });
});

describe('terminal control characters never reach stdout or stderr raw', () => {
  const OSC = '\u001b]0;pwned\u0007';
  const CLEAR = '\u001b[2J';
  it('a scenario name on stdout (table and markdown)', async () => {
    const f = scenario({ name: `n${OSC}${CLEAR}\u009b31m\u202e` });
    for (const fmt of ['table', 'md', 'csv', 'json']) {
      const r = await cli(['plan', f, '-f', fmt]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, fmt).not.toMatch(CONTROL);
      expect(r.stdout, fmt).toContain('\\u001b');
    }
  });
  it('JSON stays JSON with the same name after escaping', async () => {
    const name = `n${OSC}\u0085\u009b`;
    const r = await cli(['plan', scenario({ name }), '-f', 'json']);
    const j = JSON.parse(r.stdout);
    expect((Array.isArray(j) ? j[0] : j.plans?.[0] ?? j).scenario).toBe(name);
  });
  it.each([
    ['an unknown field', { [`bad${OSC}`]: 1 }],
    ['a target key', { targets: { [`t${CLEAR}`]: 1 } }],
    ['an extends path', { extends: `/nonexistent/${OSC}.yaml` }],
    ['a claims key', { claims: { [`c${CLEAR}`]: '1..2' } }],
  ])('%s on stderr', async (_, doc) => {
    const r = await cli(['plan', scenario(doc)]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(CONTROL);
    expect(r.stderr).toMatch(/\\u001b/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('a path argument on stderr', async () => {
    const r = await cli(['plan', `/nonexistent/${OSC}.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(CONTROL);
  });
  it('CSV keeps its CRLF records; a lone CR is shown', () => {
    expect(terminalSafe('a,b\r\nc\rd\x1b')).toBe('a,b\r\nc\\u000dd\\u001b');
  });
});

describe('JSON inside HTML <script> is escaped as JSON', () => {
  it('the what-if page with <!-- and </script> in the name: the data parses back to the same name', async () => {
    const name = 'x <!-- y </script><script>alert(1)</script> \u2028';
    const out = join(tmp(), 'page.html');
    const r = await cli(['whatif', scenario({ name }), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain('<\\!--');
    const data = /<script type="application\/json" id="lokiplan-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(data).not.toMatch(/<|\u2028/);
    expect(JSON.parse(data).scenario.name).toBe(name);
  });
  it('jsonForScript is JSON', () => {
    const v = { a: '<!-- </script> \u2028 \u2029 & >' };
    expect(JSON.parse(jsonForScript(v))).toEqual(v);
  });
});

describe('remote error text: code and a bounded, cleaned message without credentials', () => {
  const env = { AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE', AWS_SECRET_ACCESS_KEY: 'fake-secret-value', AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEFAKESESSIONTOKEN0123456789abcdefghijkl' };
  const echoed = `Request echoed: Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261202/us-east-1/pricing/aws4_request, Signature=0123abcd; X-Amz-Security-Token: ${env.AWS_SESSION_TOKEN} secret=${env.AWS_SECRET_ACCESS_KEY} \u001b]0;x\u0007 ${'padding '.repeat(80)}`;
  it('an endpoint that echoes request headers', () => {
    const e = awsFailure(Object.assign(new Error(echoed), { name: 'WeirdServerError' }), 'pricing:GetProducts', 'AWS Pricing API', env);
    for (const secret of [env.AWS_SESSION_TOKEN, env.AWS_SECRET_ACCESS_KEY, 'AKIAIOSFODNN7EXAMPLE', '0123abcd']) expect(e.message).not.toContain(secret);
    expect(e.message).toMatch(/WeirdServerError/);
    expect(e.message).not.toMatch(CONTROL);
    expect(e.message.length).toBeLessThan(320);
  });
  it('a hostile error name is not shown as the code', () => {
    const e = awsFailure(Object.assign(new Error('boom'), { name: `x\u001b[2J${'y'.repeat(300)}` }), 'pricing:GetProducts', 'AWS Pricing API', env);
    expect(e.message).not.toMatch(/\u001b|yyyyyyyy/);
  });
  it('short messages pass unchanged', () => {
    expect(remoteMessage('Rate exceeded')).toBe('Rate exceeded');
  });
});

it('the project root is where the tests think', () => expect(ROOT).toMatch(/\S/));
