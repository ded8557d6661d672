/** `lokiplan terraform FILE --out DIR`: a Terraform module for the buckets, lifecycle, encryption, endpoint, audit and IRSA role the plan priced. */
import { join } from 'node:path';
import type { RunContext } from './context.js';
import { ScenarioError } from '../errors.js';
import { MODES } from '../model/modes/index.js';
import { BUCKET_NAME, DEFAULT_TERRAFORM_NAMES, holds, K8S_NAME, ROLE_NAME, terraformModule, type TerraformNames } from '../report/terraform.js';
import { loadScenario } from '../scenario/load.js';
import { loadProfileFile, scenarioReader, writeAllAtomic } from './io.js';
import { planScenario } from './plan.js';
import { fitText } from '../report/fit.js';
import { terminalWidth } from './terminal.js';

export interface TerraformOptions {
  out: string;
  prices: string;
  profile?: string;
  check?: boolean;
  chunksBucket?: string;
  rulerBucket?: string;
  auditBucket?: string;
  namespace?: string;
  serviceAccount?: string;
  roleName?: string;
}

/** A flag's value checked against its pattern: one line naming the flag and the fix. */
function named(flag: string, v: string | undefined, def: string, re: RegExp, what: string): string {
  const x = v ?? def;
  if (!re.test(x)) throw new ScenarioError(flag, '', `must be ${what}, got ${JSON.stringify(x.slice(0, 80))}`);
  return x;
}

export function runTerraform(file: string, o: TerraformOptions, ctx: RunContext): number {
  const bucket = 'an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit)';
  const names: TerraformNames = {
    chunksBucket: named('--chunks-bucket', o.chunksBucket, DEFAULT_TERRAFORM_NAMES.chunksBucket, BUCKET_NAME, bucket),
    rulerBucket: named('--ruler-bucket', o.rulerBucket, DEFAULT_TERRAFORM_NAMES.rulerBucket, BUCKET_NAME, bucket),
    auditBucket: named('--audit-bucket', o.auditBucket, DEFAULT_TERRAFORM_NAMES.auditBucket, BUCKET_NAME, bucket),
    namespace: named('--namespace', o.namespace, DEFAULT_TERRAFORM_NAMES.namespace, K8S_NAME, 'a Kubernetes namespace (lower-case letters, digits and hyphens)'),
    serviceAccount: named('--service-account', o.serviceAccount, DEFAULT_TERRAFORM_NAMES.serviceAccount, K8S_NAME, 'a Kubernetes service account name (lower-case letters, digits, dots and hyphens)'),
    roleName: named('--role-name', o.roleName, DEFAULT_TERRAFORM_NAMES.roleName, ROLE_NAME, 'an IAM role name (1-64 letters, digits and +=,.@_-)'),
  };
  const distinct = new Set([names.chunksBucket, names.rulerBucket, names.auditBucket]);
  if (distinct.size < 3) throw new ScenarioError('--chunks-bucket', '', `the chunk, ruler and audit buckets must be three different buckets, got ${names.chunksBucket}, ${names.rulerBucket} and ${names.auditBucket}`);
  const s = loadScenario(file, scenarioReader(ctx));
  if (MODES[s.deployment.mode].objectStore === 'filesystem') {
    throw new ScenarioError(file, 'deployment.mode', `${s.deployment.mode} keeps its chunks on its own volume (no S3 bucket): there is nothing for lokiplan terraform to create; plan a mode that uses S3 (${Object.entries(MODES).filter(([, m]) => m.objectStore !== 'filesystem').map(([k]) => k).join(', ')})`);
  }
  const p = planScenario(s, o.prices, loadProfileFile(o.profile), ctx.now());
  const files = terraformModule(p, file, names);
  writeAllAtomic(
    o.out,
    files.map((f) => ({ path: join(o.out, f.name), body: f.body })),
    ctx,
  );
  ctx.stdout(`${fitText(`wrote ${files.map((f) => join(o.out, f.name)).join(', ')}`, terminalWidth(ctx, {}))}\n`);
  if (!holds(p)) {
    ctx.stderr(`lokiplan: warning: ${file}: the plan does not meet its target (lokiplan check): the module says so in its header\n`);
    if (o.check) return 1;
  }
  return 0;
}
