/**
 * `lokiplan terraform`: the module it writes, checked by Terraform itself. Every shipped scenario
 * whose chunks are in S3 (and variants that reach what the shipped ones do not: transitions, a
 * size filter, an early lifecycle delete, SSE-KMS with and without a Bucket Key, an interface
 * endpoint, a NAT gateway, ha-monolithic) is written as a module; one root configuration calls them
 * all, and `terraform fmt -check`, `init -backend=false`, `validate`, an offline `plan` (fake
 * credentials, the provider's skip_* settings, the hashicorp/aws provider from a local filesystem
 * mirror) and `show -json` run once over it. The planned lifecycle, encryption, endpoint, audit
 * and IAM policy are then compared with the plan's own objects: its priced storage segments and
 * cost lines, not the renderer's reading of them.
 *
 * Terraform: $LOKIPLAN_TERRAFORM or `terraform` on PATH; the provider mirror: $LOKIPLAN_TF_MIRROR
 * or /opt/tf-plugins (registry.terraform.io/hashicorp/aws/...). Without either the Terraform tests
 * are skipped and their name says why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFiles } from '../src/commands/plan.js';
import { MODES } from '../src/model/modes/index.js';
import { classOf } from '../src/model/storage.js';
import type { Plan } from '../src/model/types.js';
import { loadScenario } from '../src/scenario/load.js';
import { readText } from '../src/commands/io.js';
import { totalCents, usd } from '../src/text/money.js';
import { cli, ROOT, spawnCli } from './helpers.js';

const NOW = new Date('2026-07-01T00:00:00Z');
const TF = process.env['LOKIPLAN_TERRAFORM'] ?? 'terraform';
const MIRROR = process.env['LOKIPLAN_TF_MIRROR'] ?? '/opt/tf-plugins';
const tfVersion = spawnSync(TF, ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
const skipWhy =
  tfVersion.status !== 0 ? `no terraform (set LOKIPLAN_TERRAFORM or put it on PATH)` : !existsSync(join(MIRROR, 'registry.terraform.io/hashicorp/aws')) ? `no hashicorp/aws provider mirror at ${MIRROR} (set LOKIPLAN_TF_MIRROR)` : null;

const tmp = mkdtempSync(join(tmpdir(), 'lokiplan-tf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Variants of the reference design that reach what the shipped scenarios do not. */
const VARIANTS: Record<string, string> = {
  tiers: `name: transitions, KMS with a Bucket Key, interface endpoint
retention: 180 days
storage:
  lifecycle:
    - { after: 0 days, class: STANDARD }
    - { after: 30 days, class: STANDARD_IA }
    - { after: 90 days, class: GLACIER_IR }
network: { s3: interface-endpoint }
audit: { cloudTrailDataEvents: false, s3AccessLogs: false, encryption: sse-kms-bucket-key }
claims: null
`,
  filter: `name: size filter, early delete, KMS, NAT gateway, ha-monolithic
retention: 90 days
deployment: { mode: ha-monolithic }
storage:
  transitionMinimumObjectSize: 64 KiB
  lifecycle:
    - { after: 0 days, class: STANDARD }
    - { after: 30 days, class: GLACIER_IR }
    - { after: 60 days, action: delete }
network: { s3: nat-gateway }
audit: { cloudTrailDataEvents: true, s3AccessLogs: false, encryption: sse-kms }
claims: null
`,
};
const variantFile = (k: string) => join(tmp, 'variants', `${k}.yaml`);
mkdirSync(join(tmp, 'variants'));
for (const [k, body] of Object.entries(VARIANTS)) writeFileSync(variantFile(k), `extends: ${join(ROOT, 'scenarios/ghost-protocol.yaml')}\n${body}`);

const shipped = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `scenarios/${f}`);
const usesS3 = (f: string) => MODES[loadScenario(join(ROOT, f), readText).deployment.mode].objectStore !== 'filesystem';
const CASES = [...shipped.filter(usesS3), ...Object.keys(VARIANTS).map(variantFile)];
const keyOf = (f: string) => basename(f, '.yaml').replace(/[^a-z0-9]+/g, '_');

describe('lokiplan terraform (in-process)', () => {
  it('writes the module for the reference design, says in its header what the plan costs and that it does not hold, and warns on stderr', async () => {
    const out = join(tmp, 'one');
    const r = await cli(['terraform', 'scenarios/ghost-protocol.yaml', '--out', out], { now: () => NOW });
    const [p] = planFiles([join(ROOT, 'scenarios/ghost-protocol.yaml')], 'snapshot', NOW);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['main.tf', 'outputs.tf', 'variables.tf', 'versions.tf']);
    const main = readFileSync(join(out, 'main.tf'), 'utf8');
    expect(p!.meetsTarget).toBe(false);
    expect(main).toContain(`${usd(totalCents(p!.lines))} a month; lokiplan check: DOES NOT HOLD`);
    expect(r.stderr).toMatch(/^lokiplan: warning: .*does not meet its target/);
    // every step the plan found never applies is named in a comment, and is no transition
    for (const k of p!.storage.bucket.lifecycle!.skipped) expect(main).toContain(`lifecycle step ${k.step} (${k.class} at ${k.afterDays} days) left out`);
    expect(main).not.toMatch(/storage_class\s*=\s*"INTELLIGENT_TIERING"/);
    expect(main).not.toContain('ListAllMyBuckets"');
    const check = await cli(['terraform', 'scenarios/ghost-protocol.yaml', '--out', out, '--check'], { now: () => NOW });
    expect(check.code).toBe(1);
  });

  it('a plan that holds writes no warning, and --check exits 0', async () => {
    const out = join(tmp, 'holds');
    const r = await cli(['terraform', 'scenarios/ghost-protocol-microservices.yaml', '--out', out, '--check'], { now: () => NOW });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(readFileSync(join(out, 'main.tf'), 'utf8')).toContain('lokiplan check: holds');
  });

  it('refuses a lifecycle the plan refuses (Standard-IA before 30 days): one line, exit 2, no module', async () => {
    const f = join(tmp, 'ia-early.yaml');
    writeFileSync(f, `extends: ${join(ROOT, 'scenarios/ghost-protocol.yaml')}\nstorage:\n  lifecycle:\n    - { after: 0 days, class: STANDARD }\n    - { after: 10 days, class: STANDARD_IA }\n`);
    const out = join(tmp, 'ia-early');
    const r = await cli(['terraform', f, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('storage.lifecycle[1].after');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a scenario with no bucket (monolithic: chunks on its volume) and bad names, one line each, exit 2', async () => {
    const out = join(tmp, 'refused');
    for (const args of [
      ['scenarios/monolithic.yaml'],
      ['scenarios/ghost-protocol.yaml', '--chunks-bucket', 'Loki_Chunks'],
      ['scenarios/ghost-protocol.yaml', '--ruler-bucket', 'loki-chunks'],
      ['scenarios/ghost-protocol.yaml', '--namespace', 'Loki NS'],
    ]) {
      const r = await cli(['terraform', ...args, '--out', out]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('helm-values --role-arn annotates the service account for IRSA', async () => {
    const arn = 'arn:aws:iam::123456789012:role/loki-s3';
    const r = await cli(['helm-values', 'scenarios/ghost-protocol.yaml', '--role-arn', arn, '--chunks-bucket', 'acme-chunks']);
    expect(r.code).toBe(0);
    const { parse } = await import('yaml');
    const v = parse(r.stdout) as { serviceAccount?: { annotations?: Record<string, string> }; loki: { storage: { bucketNames: { chunks: string } } } };
    expect(v.serviceAccount?.annotations?.['eks.amazonaws.com/role-arn']).toBe(arn);
    expect(v.loki.storage.bucketNames.chunks).toBe('acme-chunks');
    // a monolithic Loki keeps its chunks on its volume: no role to annotate, and the values say so
    const mono = await cli(['helm-values', 'scenarios/monolithic.yaml', '--role-arn', arn]);
    expect(mono.code).toBe(0);
    expect((parse(mono.stdout) as { serviceAccount?: unknown }).serviceAccount).toBeUndefined();
    expect(mono.stdout).toContain('--role-arn left out');
    const bad = await cli(['helm-values', 'scenarios/ghost-protocol.yaml', '--role-arn', 'loki-s3']);
    expect(bad.code).toBe(2);
  });
});

type Resource = { address: string; type: string; name: string; values: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.skipIf(skipWhy !== null)(`terraform init/validate/plan on every scenario's module (${skipWhy ?? (tfVersion.stdout.split('\n')[0] ?? 'terraform')})`, () => {
  const root = join(tmp, 'root');
  const plans = new Map<string, Plan>();
  const resources = new Map<string, Resource[]>();
  const env = { ...process.env, TF_CLI_CONFIG_FILE: join(tmp, 'cli.tfrc'), TF_PLUGIN_CACHE_DIR: join(tmp, 'plugins'), TF_DATA_DIR: join(tmp, 'tfdata'), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', AWS_EC2_METADATA_DISABLED: 'true' };
  const tf = (...args: string[]) => {
    const r = spawnSync(TF, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
    if (r.status !== 0) throw new Error(`terraform ${args.join(' ')} failed (${r.status}):\n${r.stderr}\n${r.stdout.slice(-4000)}`);
    return r.stdout;
  };
  const results: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(root);
    mkdirSync(join(tmp, 'plugins'));
    writeFileSync(env.TF_CLI_CONFIG_FILE, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(MIRROR)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n  direct {\n    exclude = ["*/*"]\n  }\n}\n`);
    const blocks: string[] = [
      `provider "aws" {\n  region                      = "us-east-1"\n  access_key                  = "AKIAIOSFODNN7EXAMPLE"\n  secret_key                  = "lokiplan-offline-test"\n  skip_credentials_validation = true\n  skip_requesting_account_id  = true\n  skip_metadata_api_check     = true\n  skip_region_validation      = true\n}\n`,
    ];
    for (const f of CASES) {
      const k = keyOf(f);
      const r = await cli(['terraform', f, '--out', join(tmp, 'modules', k), '--chunks-bucket', `${k.replace(/_/g, '-')}-chunks`, '--ruler-bucket', `${k.replace(/_/g, '-')}-ruler`, '--audit-bucket', `${k.replace(/_/g, '-')}-audit`], { now: () => NOW });
      if (r.code !== 0) throw new Error(`lokiplan terraform ${f}: ${r.stderr}`);
      const [p] = planFiles([f.startsWith('/') ? f : join(ROOT, f)], 'snapshot', NOW);
      plans.set(k, p!);
      const path = p!.storage.bucket.path;
      const vars = [`  oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"`, `  role_name         = "${k.replace(/_/g, '-')}"`];
      if (path === 'gateway-endpoint') vars.push('  vpc_id            = "vpc-0123456789abcdef0"', '  route_table_ids   = ["rtb-0123456789abcdef0"]');
      if (path === 'interface-endpoint') vars.push('  vpc_id             = "vpc-0123456789abcdef0"', '  subnet_ids         = ["subnet-1", "subnet-2", "subnet-3"]', '  security_group_ids = ["sg-0123456789abcdef0"]');
      if (p!.storage.bucket.cloudTrailDataEvents) vars.push(`  trail_name = "${k.replace(/_/g, '-')}"`);
      blocks.push(`module "${k}" {\n  source = "../modules/${k}"\n${vars.join('\n')}\n}\n`);
    }
    writeFileSync(join(root, 'main.tf'), blocks.join('\n'));
    // fmt on the modules as written (the root above is the test's own)
    const fmt = spawnSync(TF, ['fmt', '-check', '-recursive', '-diff', join(tmp, 'modules')], { env, encoding: 'utf8' });
    results['fmt'] = fmt.status === 0 ? 'clean' : fmt.stdout;
    tf('init', '-backend=false', '-input=false', '-no-color');
    results['validate'] = tf('validate', '-no-color');
    tf('plan', '-input=false', '-no-color', '-lock=false', '-out=plan.bin');
    const shown = JSON.parse(tf('show', '-json', 'plan.bin')) as { planned_values: { root_module: { child_modules?: { address: string; resources?: Resource[] }[] } } };
    for (const m of shown.planned_values.root_module.child_modules ?? []) resources.set(m.address.replace(/^module\./, ''), m.resources ?? []);
  }, 240_000);

  it('every module is terraform fmt clean and valid, and plans offline', () => {
    expect(results['fmt']).toBe('clean');
    expect(results['validate']).toContain('Success');
    expect([...resources.keys()].sort()).toEqual(CASES.map(keyOf).sort());
  });

  const one = (k: string, type: string, name: string): Resource | undefined => resources.get(k)!.find((r) => r.type === type && r.name === name);

  it.each(CASES.map(keyOf))('%s: the planned lifecycle is the plan\'s: every priced class is a transition at its age, the rest are not, and expiry is at the priced life', (k) => {
    const p = plans.get(k)!;
    const l = p.storage.bucket.lifecycle!;
    const cfg = one(k, 'aws_s3_bucket_lifecycle_configuration', 'chunks')!.values;
    const rules = cfg['rule'] as { id: string; expiration: { days: number }[]; transition: { days: number; storage_class: string }[]; filter: { object_size_greater_than: number | null; prefix: string }[]; abort_incomplete_multipart_upload: { days_after_initiation: number }[] }[];
    const planned = rules.flatMap((r) => r.transition.map((t) => ({ days: t.days, class: t.storage_class }))).sort((a, b) => a.days - b.days);
    // the classes the plan priced storage in, each from the day it starts (the first is where objects are written)
    const priced = new Map<string, number>();
    for (const seg of p.storage.segments) {
      const c = classOf(seg.class);
      priced.set(c, Math.min(priced.get(c) ?? Infinity, seg.fromDay));
    }
    const expected = [...priced].filter(([c]) => c !== l.initialClass).map(([c, d]) => ({ days: d, class: c })).sort((a, b) => a.days - b.days);
    expect(planned).toEqual(expected);
    // expiry: no earlier than the life the plan priced, at most a day later (Loki's compactor deletes first)
    const expiry = rules.flatMap((r) => r.expiration.map((e) => e.days));
    expect(expiry).toHaveLength(1);
    expect(expiry[0]! - p.storage.lifeDays).toBeGreaterThanOrEqual(0);
    expect(expiry[0]! - p.storage.lifeDays).toBeLessThanOrEqual(1);
    // the expiry applies to every object: its rule has no size filter
    const expRule = rules.find((r) => r.expiration.length)!;
    expect(expRule.filter[0]?.object_size_greater_than ?? null).toBeNull();
    expect(expRule.abort_incomplete_multipart_upload[0]?.days_after_initiation).toBe(l.abortIncompleteMultipartDays);
    // transitions ride on the size rule the plan assumed
    const m = l.transitionMinimum;
    if (m.kind === 'object-size-greater-than') {
      for (const r of rules.filter((x) => x.transition.length)) expect(r.filter[0]?.object_size_greater_than).toBe(Math.floor(m.bytes));
    } else expect(cfg['transition_default_minimum_object_size']).toBe(m.kind);
  });

  it.each(CASES.map(keyOf))('%s: encryption, endpoint and audit are what the plan priced', (k) => {
    const p = plans.get(k)!;
    const ids = new Set([...p.lines, ...p.omitted].map((l) => l.id));
    const sse = one(k, 'aws_s3_bucket_server_side_encryption_configuration', 'chunks')!.values['rule'][0];
    const kmsPriced = ids.has('kms.key');
    expect(sse.apply_server_side_encryption_by_default[0].sse_algorithm).toBe(kmsPriced ? 'aws:kms' : 'AES256');
    expect(Boolean(one(k, 'aws_kms_key', 'chunks'))).toBe(kmsPriced);
    expect(Boolean(sse.bucket_key_enabled)).toBe(p.storage.bucket.encryption === 'sse-kms-bucket-key');
    const ep = one(k, 'aws_vpc_endpoint', 's3');
    const priced = [...ids].find((id) => id.startsWith('s3.network.'));
    expect(ep?.values['vpc_endpoint_type'] ?? null).toBe(priced === undefined ? 'Gateway' : priced.startsWith('s3.network.endpoint') ? 'Interface' : null);
    if (ep) expect(ep.values['service_name']).toBe(`com.amazonaws.${p.region}.s3`);
    // an interface endpoint gets one subnet per interface the plan prices (the module refuses other counts)
    if (ep?.values['vpc_endpoint_type'] === 'Interface') {
      const hours = [...p.lines, ...p.omitted].find((l) => l.id === 's3.network.endpoint.hours')!;
      expect(ep.values['subnet_ids']).toHaveLength(hours.quantity / p.hoursPerMonth);
    }
    expect(Boolean(one(k, 'aws_cloudtrail', 'loki'))).toBe(ids.has('cloudtrail.data-events'));
    expect(Boolean(one(k, 'aws_s3_bucket_logging', 'chunks'))).toBe([...ids].some((id) => id.startsWith('audit.s3-access-logs.storage')));
    if (p.storage.bucket.accessLogDays !== null) {
      expect(one(k, 'aws_s3_bucket_lifecycle_configuration', 'audit')!.values['rule'][0].expiration[0].days).toBe(p.storage.bucket.accessLogDays);
    }
  });

  it.each(CASES.map(keyOf))('%s: buckets are private and TLS-only, and the IRSA policy grants what Loki calls on them and nothing else', (k) => {
    const p = plans.get(k)!;
    for (const b of ['chunks', 'ruler']) {
      const pab = one(k, 'aws_s3_bucket_public_access_block', b)!.values;
      expect([pab['block_public_acls'], pab['block_public_policy'], pab['ignore_public_acls'], pab['restrict_public_buckets']]).toEqual([true, true, true, true]);
      const pol = JSON.parse(one(k, 'aws_s3_bucket_policy', b)!.values['policy']) as { Statement: { Effect: string; Principal: string; Action: string; Resource: string[]; Condition?: { Bool?: Record<string, string> } }[] };
      const arn = `arn:aws:s3:::${k.replace(/_/g, '-')}-${b}`;
      expect(pol.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      expect(pol.Statement.filter((st) => st.Effect === 'Allow')).toEqual([]);
    }
    expect(one(k, 'aws_s3_bucket_versioning', 'ruler')!.values['versioning_configuration'][0].status).toBe('Enabled');
    expect(one(k, 'aws_s3_bucket_versioning', 'chunks')).toBeUndefined();
    const policy = JSON.parse(one(k, 'aws_iam_policy', 'loki_s3')!.values['policy']) as { Statement: { Action: string[]; Resource: string[] }[] };
    const actions = policy.Statement.flatMap((s) => s.Action).sort();
    const kms = p.storage.bucket.encryption !== 'sse-s3';
    // grafana/loki v3.7.6 pkg/storage/chunk/client/aws/s3_storage_client.go: GetObject/HeadObject, PutObject, DeleteObject, ListObjectsV2
    expect(actions).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject']);
    // the key's ARN is known only after apply: the KMS grant is its own policy, there exactly when the plan prices the key
    expect(Boolean(one(k, 'aws_iam_role_policy', 'loki_kms'))).toBe(kms);
    if (kms) expect(readFileSync(join(tmp, 'modules', k, 'main.tf'), 'utf8')).toMatch(/Action\s*=\s*\["kms:GenerateDataKey", "kms:Decrypt"\]/);
    const s3Resources = policy.Statement.filter((s) => s.Action.some((a) => a.startsWith('s3:'))).flatMap((s) => s.Resource);
    const dash = k.replace(/_/g, '-');
    expect(s3Resources.sort()).toEqual([`arn:aws:s3:::${dash}-chunks`, `arn:aws:s3:::${dash}-chunks/*`, `arn:aws:s3:::${dash}-ruler`, `arn:aws:s3:::${dash}-ruler/*`]);
    const trust = JSON.parse(one(k, 'aws_iam_role', 'loki')!.values['assume_role_policy']) as { Statement: { Condition: { StringEquals: Record<string, string> } }[] };
    expect(trust.Statement[0]!.Condition.StringEquals['oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub']).toBe('system:serviceaccount:loki:loki');
  });
});

describe('lokiplan terraform (the bundle)', () => {
  it('writes the module as users run it', () => {
    const out = join(tmp, 'bundle');
    const r = spawnCli(['terraform', 'scenarios/ghost-protocol-microservices.yaml', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['main.tf', 'outputs.tf', 'variables.tf', 'versions.tf']);
    expect(readFileSync(join(out, 'main.tf'), 'utf8')).toMatch(/resource "aws_s3_bucket_lifecycle_configuration" "chunks"/);
  });
});
