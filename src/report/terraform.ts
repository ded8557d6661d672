/**
 * A Terraform module that deploys what a plan priced outside the Helm chart: the chunk and ruler
 * buckets, the chunk bucket's lifecycle, default encryption (and the KMS key when the plan prices
 * one), the S3 endpoint the plan assumes, CloudTrail data events and server access logs when the
 * plan prices them, and the IRSA role Loki's pods use. Every setting is read from the plan's own
 * objects (`storage.bucket`: the same object the S3, network, audit and KMS lines were priced
 * from), never from the scenario again. Pure: plan in, HCL files out (`terraform fmt` clean).
 *
 * The reference design's phase 1 (loki-ha-architecture.md, "AWS Infrastructure (Terraform)"):
 * buckets with lifecycle and SSE, an IRSA role and policy, in infra/terraform/modules/observability/aws/.
 */
import { fmtNum } from '../model/format.js';
import { DEFAULT_HELM_OPTIONS } from '../model/helm.js';
import type { BucketPlan, LifecyclePlan, Plan, StorageClass } from '../model/types.js';
import { totalCents, usd } from '../text/money.js';
import { hclFile, hclString, type Expr, type Item } from './hcl.js';

/** Names in the user's account (flags); the module takes them as variable defaults. */
export interface TerraformNames {
  chunksBucket: string;
  rulerBucket: string;
  /** the bucket for S3 access logs and the CloudTrail trail, when the plan prices either */
  auditBucket: string;
  namespace: string;
  serviceAccount: string;
  roleName: string;
}

export const DEFAULT_TERRAFORM_NAMES: TerraformNames = {
  chunksBucket: DEFAULT_HELM_OPTIONS.chunksBucket,
  rulerBucket: DEFAULT_HELM_OPTIONS.rulerBucket,
  auditBucket: 'loki-audit',
  namespace: 'loki',
  serviceAccount: 'loki',
  roleName: 'loki-s3',
};

/**
 * S3 bucket names: 3-63 characters of lower-case letters, digits, dots and hyphens, starting and
 * ending with a letter or digit (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Kubernetes names (namespace, service account): RFC 1123 labels and subdomains. */
export const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** IAM role names: 1-64 of letters, digits and +=,.@_- (IAM User Guide, reference_iam-quotas). */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The API name of each storage class (S3 API StorageClass / Terraform `storage_class`). */
export const S3_API_CLASS: Readonly<Record<StorageClass, string>> = {
  STANDARD: 'STANDARD',
  INTELLIGENT_TIERING: 'INTELLIGENT_TIERING',
  STANDARD_IA: 'STANDARD_IA',
  GLACIER_IR: 'GLACIER_IR',
  GLACIER: 'GLACIER',
  DEEP_ARCHIVE: 'DEEP_ARCHIVE',
};

/** Terraform's `sse_algorithm` for each encryption the plan prices. */
export const SSE_ALGORITHM: Readonly<Record<BucketPlan['encryption'], string>> = {
  'sse-s3': 'AES256',
  'sse-kms': 'aws:kms',
  'sse-kms-bucket-key': 'aws:kms',
};

/** Terraform's `vpc_endpoint_type` for each S3 path the plan prices (null: no endpoint, a NAT gateway carries S3). */
export const ENDPOINT_TYPE: Readonly<Record<BucketPlan['path'], 'Gateway' | 'Interface' | null>> = {
  'gateway-endpoint': 'Gateway',
  'interface-endpoint': 'Interface',
  'nat-gateway': null,
};

/**
 * What Loki calls on its buckets and the IAM action each needs: grafana/loki v3.7.6
 * pkg/storage/chunk/client/aws/s3_storage_client.go (S3ObjectClient: GetObject and HeadObject,
 * PutObject, DeleteObject, ListObjectsV2). The reference design's `s3:ListAllMyBuckets` is dropped:
 * Loki never calls ListBuckets (no call in pkg/storage at v3.7.6); it is told its bucket names.
 */
export const LOKI_S3_CALLS = [
  { calls: 'GetObject, HeadObject', action: 's3:GetObject', on: 'objects' },
  { calls: 'PutObject', action: 's3:PutObject', on: 'objects' },
  { calls: 'DeleteObject (compactor retention)', action: 's3:DeleteObject', on: 'objects' },
  { calls: 'ListObjectsV2 (index sync, compaction)', action: 's3:ListBucket', on: 'bucket' },
] as const;
export const LOKI_S3_SOURCE = 'grafana/loki v3.7.6 pkg/storage/chunk/client/aws/s3_storage_client.go';
/** SSE-KMS: PutObject needs kms:GenerateDataKey and GetObject kms:Decrypt on the key (AWS S3 User Guide, UsingKMSEncryption). */
export const KMS_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

export interface TerraformFile {
  name: string;
  body: string;
}

/** Does the plan hold (the capacity check)? The module's header says so either way. */
export const holds = (p: Plan): boolean => p.meetsTarget;

const s = hclString;
const attr = (k: string, v: Expr): Item => ({ attr: k, value: v });
const block = (type: string, labels: string[], body: Item[]): Item => ({ block: type, labels, body });
const nested = (type: string, body: Item[]): Item => ({ block: type, body });
const comment = (text: string): Item => ({ comment: text });
const blank: Item = { blank: true };
const obj = (...kv: [string, Expr][]): Expr => ({ obj: kv });
const list = (...xs: Expr[]): Expr => ({ list: xs });
const json = (e: Expr): Expr => ({ call: 'jsonencode', arg: e });

/** A bucket policy statement refusing every request not made over TLS. */
const tlsOnly = (arn: string): Expr =>
  obj(
    ['Sid', s('DenyInsecureTransport')],
    ['Effect', s('Deny')],
    ['Principal', s('*')],
    ['Action', s('s3:*')],
    ['Resource', list(arn, `"\${${arn}}/*"`)],
    ['Condition', obj(['Bool', obj(['"aws:SecureTransport"', s('false')])])],
  );

/** The bucket, its public access block and ownership, as every bucket of the module has them. */
function bucketResources(name: string, variable: string, why: string): Item[] {
  return [
    comment(why),
    block('resource', ['aws_s3_bucket', name], [attr('bucket', `var.${variable}`), attr('tags', 'var.tags'), blank, nested('lifecycle', [nested('precondition', [attr('condition', 'data.aws_region.current.name == local.region'), attr('error_message', s('lokiplan priced this module for the region in local.region: run it with a provider in that region (or plan the scenario for yours)'))])])]),
    block('resource', ['aws_s3_bucket_public_access_block', name], [
      attr('bucket', `aws_s3_bucket.${name}.id`),
      attr('block_public_acls', 'true'),
      attr('block_public_policy', 'true'),
      attr('ignore_public_acls', 'true'),
      attr('restrict_public_buckets', 'true'),
    ]),
    block('resource', ['aws_s3_bucket_ownership_controls', name], [attr('bucket', `aws_s3_bucket.${name}.id`), blank, nested('rule', [attr('object_ownership', s('BucketOwnerEnforced'))])]),
  ];
}

const sse = (name: string, algorithm: string, kmsKey: string | null, bucketKey: boolean): Item =>
  block('resource', ['aws_s3_bucket_server_side_encryption_configuration', name], [
    attr('bucket', `aws_s3_bucket.${name}.id`),
    blank,
    nested('rule', [
      nested('apply_server_side_encryption_by_default', [attr('sse_algorithm', s(algorithm)), ...(kmsKey ? [attr('kms_master_key_id', kmsKey)] : [])]),
      ...(bucketKey ? [attr('bucket_key_enabled', 'true')] : []),
    ]),
  ]);

const policy = (name: string, statements: Expr[], dependsOn: string[] = []): Item =>
  block('resource', ['aws_s3_bucket_policy', name], [
    attr('bucket', `aws_s3_bucket.${name}.id`),
    attr('policy', json(obj(['Version', s('2012-10-17')], ['Statement', list(...statements)]))),
    blank,
    attr('depends_on', list(`aws_s3_bucket_public_access_block.${name}`, ...dependsOn)),
  ]);

const minimumText = (l: LifecyclePlan): string =>
  l.transitionMinimum.kind === 'object-size-greater-than'
    ? `transitions apply to objects larger than ${fmtNum(Math.floor(l.transitionMinimum.bytes))} bytes (storage.transitionMinimumObjectSize: a rule filter ObjectSizeGreaterThan, which takes precedence over S3's default minimum)`
    : `transitions ride on S3's default minimum object size ${l.transitionMinimum.kind}, as the plan priced them`;

/** The chunk bucket's lifecycle, rule for rule the plan's. */
function lifecycle(l: LifecyclePlan): Item[] {
  const body: Item[] = [attr('bucket', 'aws_s3_bucket.chunks.id')];
  if (l.transitionMinimum.kind !== 'object-size-greater-than') body.push(comment(minimumText(l)), attr('transition_default_minimum_object_size', s(l.transitionMinimum.kind)));
  body.push(
    blank,
    comment(`expiry: ${l.expireWhy}`),
    comment(`incomplete multipart uploads: Loki's S3 client writes each object with one PutObject (${LOKI_S3_SOURCE}); one left by another client is aborted after ${fmtNum(l.abortIncompleteMultipartDays)} day${l.abortIncompleteMultipartDays === 1 ? '' : 's'} (not priced)`),
    nested('rule', [
      attr('id', s('loki-expire')),
      attr('status', s('Enabled')),
      blank,
      nested('filter', []),
      blank,
      nested('expiration', [attr('days', String(l.expireAfterDays))]),
      blank,
      nested('abort_incomplete_multipart_upload', [attr('days_after_initiation', String(l.abortIncompleteMultipartDays))]),
    ]),
  );
  if (l.initialClass !== 'STANDARD') {
    body.push(comment(`the plan prices objects written straight into ${l.initialClass} (set Loki's storage_config.aws.storage_class: ${S3_API_CLASS[l.initialClass]}); no lifecycle transition at day 0`));
  }
  for (const k of l.skipped) body.push(comment(`lifecycle step ${k.step} (${k.class} at ${fmtNum(k.afterDays)} days) left out: ${k.why}`));
  if (l.transitions.length) {
    const filter = l.transitionMinimum.kind === 'object-size-greater-than' ? [attr('object_size_greater_than', String(Math.floor(l.transitionMinimum.bytes)))] : [];
    if (filter.length) body.push(comment(minimumText(l)));
    body.push(
      nested('rule', [
        attr('id', s('loki-transitions')),
        attr('status', s('Enabled')),
        blank,
        nested('filter', filter),
        ...l.transitions.flatMap((t): Item[] => [blank, comment(`lifecycle step ${t.step}`), nested('transition', [attr('days', String(t.afterDays)), attr('storage_class', s(S3_API_CLASS[t.class]))])]),
      ]),
    );
  }
  return [block('resource', ['aws_s3_bucket_lifecycle_configuration', 'chunks'], body)];
}

/** Endpoint interfaces the plan prices (its hours line over the month), null when it prices none. */
function interfaces(p: Plan): number | null {
  const hours = [...p.lines, ...p.omitted].find((l) => l.id === 's3.network.endpoint.hours');
  return hours ? Math.round(hours.quantity / p.hoursPerMonth) : null;
}

/** The S3 endpoint the plan assumes (none for a NAT gateway, which the plan prices as such). */
function endpoint(p: Plan, b: BucketPlan): Item[] {
  const type = ENDPOINT_TYPE[b.path];
  const service = attr('service_name', `"com.amazonaws.\${local.region}.s3"`);
  if (type === 'Gateway') {
    return [
      comment('the S3 gateway endpoint the plan assumes (network.s3: gateway-endpoint): no hourly or per-GB charge, so S3 traffic costs nothing'),
      block('resource', ['aws_vpc_endpoint', 's3'], [attr('vpc_id', 'var.vpc_id'), service, attr('vpc_endpoint_type', s('Gateway')), attr('route_table_ids', 'var.route_table_ids'), attr('tags', 'var.tags')]),
    ];
  }
  if (type === 'Interface') {
    const n = interfaces(p);
    return [
      comment(`the S3 interface endpoint the plan prices (network.s3: interface-endpoint)${n !== null ? `: ${fmtNum(n)} interface${n === 1 ? '' : 's'} (one per zone), hours and GB processed` : ''}`),
      block('resource', ['aws_vpc_endpoint', 's3'], [
        attr('vpc_id', 'var.vpc_id'),
        service,
        attr('vpc_endpoint_type', s('Interface')),
        attr('subnet_ids', 'var.subnet_ids'),
        attr('security_group_ids', 'var.security_group_ids'),
        attr('private_dns_enabled', 'true'),
        attr('tags', 'var.tags'),
        blank,
        nested('dns_options', [attr('private_dns_only_for_inbound_resolver_endpoint', 'false')]),
      ]),
    ];
  }
  return [comment('no S3 endpoint: the plan prices S3 traffic through a NAT gateway per zone (network.s3: nat-gateway; its hours and GB processed are cost lines). A gateway endpoint would make that traffic free: see the plan\'s network levers')];
}

/** The audit bucket, server access logs and the CloudTrail trail, as far as the plan prices them. */
function audit(b: BucketPlan): Item[] {
  if (b.accessLogDays === null && !b.cloudTrailDataEvents) return [];
  const out: Item[] = [...bucketResources('audit', 'audit_bucket', 'the audit bucket: S3 server access logs and CloudTrail logs for the chunk bucket (the reference design\'s "Audit Logging")')];
  out.push(comment('server access logs and CloudTrail write only to buckets with SSE-S3'), sse('audit', 'AES256', null, false));
  const statements: Expr[] = [tlsOnly('local.audit_arn')];
  if (b.accessLogDays !== null) {
    statements.push(
      obj(
        ['Sid', s('S3ServerAccessLogs')],
        ['Effect', s('Allow')],
        ['Principal', obj(['Service', s('logging.s3.amazonaws.com')])],
        ['Action', s('s3:PutObject')],
        ['Resource', `"\${local.audit_arn}/s3-access-logs/*"`],
        ['Condition', obj(['ArnLike', obj(['"aws:SourceArn"', 'local.chunks_arn'])], ['StringEquals', obj(['"aws:SourceAccount"', 'local.account_id'])])],
      ),
    );
  }
  if (b.cloudTrailDataEvents) {
    const trailArn = `"arn:\${local.partition}:cloudtrail:\${local.region}:\${local.account_id}:trail/\${var.trail_name}"`;
    statements.push(
      obj(['Sid', s('CloudTrailAclCheck')], ['Effect', s('Allow')], ['Principal', obj(['Service', s('cloudtrail.amazonaws.com')])], ['Action', s('s3:GetBucketAcl')], ['Resource', 'local.audit_arn'], ['Condition', obj(['StringEquals', obj(['"aws:SourceArn"', trailArn])])]),
      obj(
        ['Sid', s('CloudTrailWrite')],
        ['Effect', s('Allow')],
        ['Principal', obj(['Service', s('cloudtrail.amazonaws.com')])],
        ['Action', s('s3:PutObject')],
        ['Resource', `"\${local.audit_arn}/cloudtrail/AWSLogs/\${local.account_id}/*"`],
        ['Condition', obj(['StringEquals', obj(['"aws:SourceArn"', trailArn])])],
      ),
    );
  }
  out.push(policy('audit', statements));
  if (b.accessLogDays !== null) {
    out.push(
      comment(`S3 server access logs for the chunk bucket, kept ${fmtNum(b.accessLogDays)} days: the plan prices their storage (audit.s3-access-logs.storage) for that long`),
      block('resource', ['aws_s3_bucket_logging', 'chunks'], [attr('bucket', 'aws_s3_bucket.chunks.id'), attr('target_bucket', 'aws_s3_bucket.audit.id'), attr('target_prefix', s('s3-access-logs/')), blank, attr('depends_on', list('aws_s3_bucket_policy.audit'))]),
      block('resource', ['aws_s3_bucket_lifecycle_configuration', 'audit'], [
        attr('bucket', 'aws_s3_bucket.audit.id'),
        blank,
        nested('rule', [attr('id', s('s3-access-logs')), attr('status', s('Enabled')), blank, nested('filter', [attr('prefix', s('s3-access-logs/'))]), blank, nested('expiration', [attr('days', String(b.accessLogDays))])]),
      ]),
    );
  }
  if (b.cloudTrailDataEvents) {
    out.push(
      comment('CloudTrail data events for the chunk bucket\'s objects: the plan prices one event per PUT, GET and LIST (cloudtrail.data-events). The trail\'s own log files in the audit bucket are S3 storage the plan does not price'),
      block('resource', ['aws_cloudtrail', 'loki'], [
        attr('name', 'var.trail_name'),
        attr('s3_bucket_name', 'aws_s3_bucket.audit.id'),
        attr('s3_key_prefix', s('cloudtrail')),
        attr('include_global_service_events', 'false'),
        attr('tags', 'var.tags'),
        blank,
        nested('advanced_event_selector', [
          attr('name', s('Loki chunk objects')),
          blank,
          nested('field_selector', [attr('field', s('eventCategory')), attr('equals', list(s('Data')))]),
          blank,
          nested('field_selector', [attr('field', s('resources.type')), attr('equals', list(s('AWS::S3::Object')))]),
          blank,
          nested('field_selector', [attr('field', s('resources.ARN')), attr('starts_with', list(`"\${local.chunks_arn}/"`))]),
        ]),
        blank,
        attr('depends_on', list('aws_s3_bucket_policy.audit')),
      ]),
    );
  }
  return out;
}

function irsa(b: BucketPlan): Item[] {
  const kms = b.encryption !== 'sse-s3';
  const buckets = list('local.chunks_arn', 'local.ruler_arn');
  const objects = list(`"\${local.chunks_arn}/*"`, `"\${local.ruler_arn}/*"`);
  const statements: Expr[] = [
    obj(['Sid', s('LokiListBuckets')], ['Effect', s('Allow')], ['Action', list(...LOKI_S3_CALLS.filter((c) => c.on === 'bucket').map((c) => s(c.action)))], ['Resource', buckets]),
    obj(['Sid', s('LokiObjects')], ['Effect', s('Allow')], ['Action', list(...LOKI_S3_CALLS.filter((c) => c.on === 'objects').map((c) => s(c.action)))], ['Resource', objects]),
  ];

  return [
    comment(`IRSA: the role Loki's service account (var.namespace/var.service_account) assumes through the cluster's OIDC provider`),
    block('resource', ['aws_iam_role', 'loki'], [
      attr('name', 'var.role_name'),
      attr('tags', 'var.tags'),
      attr(
        'assume_role_policy',
        json(
          obj(
            ['Version', s('2012-10-17')],
            [
              'Statement',
              list(
                obj(
                  ['Effect', s('Allow')],
                  ['Principal', obj(['Federated', 'var.oidc_provider_arn'])],
                  ['Action', s('sts:AssumeRoleWithWebIdentity')],
                  ['Condition', obj(['StringEquals', obj(['"${local.oidc_issuer}:sub"', `"system:serviceaccount:\${var.namespace}:\${var.service_account}"`], ['"${local.oidc_issuer}:aud"', s('sts.amazonaws.com')])])],
                ),
              ),
            ],
          ),
        ),
      ),
    ]),
    comment(`least privilege: the calls Loki makes on its buckets (${LOKI_S3_SOURCE}): ${LOKI_S3_CALLS.map((c) => `${c.calls} -> ${c.action}`).join('; ')}`),
    comment("the reference design's s3:ListAllMyBuckets is left out: Loki never lists the account's buckets (it is given their names)"),
    block('resource', ['aws_iam_policy', 'loki_s3'], [
      attr('name', `"\${var.role_name}-buckets"`),
      attr('description', s("Loki's calls on its chunk and ruler buckets (lokiplan)")),
      attr('tags', 'var.tags'),
      attr('policy', json(obj(['Version', s('2012-10-17')], ['Statement', list(...statements)]))),
    ]),
    block('resource', ['aws_iam_role_policy_attachment', 'loki_s3'], [attr('role', 'aws_iam_role.loki.name'), attr('policy_arn', 'aws_iam_policy.loki_s3.arn')]),
    ...(kms
      ? [
          comment(`SSE-KMS: PutObject needs ${KMS_ACTIONS[0]} and GetObject ${KMS_ACTIONS[1]} on the chunk bucket's key`),
          block('resource', ['aws_iam_role_policy', 'loki_kms'], [
            attr('name', s('loki-chunks-key')),
            attr('role', 'aws_iam_role.loki.id'),
            attr('policy', json(obj(['Version', s('2012-10-17')], ['Statement', list(obj(['Sid', s('LokiChunksKey')], ['Effect', s('Allow')], ['Action', list(...KMS_ACTIONS.map(s))], ['Resource', list('aws_kms_key.chunks.arn')]))]))),
          ]),
        ]
      : []),
  ];
}

function header(p: Plan, file: string, extra: string[] = []): Item[] {
  const failing = p.verdict.rows.filter((r) => r.status === 'fail').length;
  return [
    comment(`Terraform for "${p.scenario}" (${file}), generated by lokiplan: the buckets, lifecycle, encryption,`),
    comment('S3 endpoint, audit and IRSA role its plan priced. Change the scenario and generate again rather than editing.'),
    comment(`plan: ${p.region}, ${p.prices.source} prices (${p.prices.asOf}), ${usd(totalCents(p.lines))} a month; lokiplan check: ${holds(p) ? 'holds' : `DOES NOT HOLD (${failing} failing check${failing === 1 ? '' : 's'})`}`),
    ...(holds(p) ? [] : [comment('WARNING: the plan does not meet its target: these buckets serve a deployment that does not carry the load (see lokiplan check)')]),
    ...extra.map(comment),
  ];
}

const variable = (name: string, type: string, description: string, def?: string, validation?: { condition: string; message: string }): Item =>
  block('variable', [name], [
    attr('description', s(description)),
    attr('type', type),
    ...(def !== undefined ? [attr('default', def)] : []),
    ...(validation ? [blank, nested('validation', [attr('condition', validation.condition), attr('error_message', s(validation.message))])] : []),
  ]);

const bucketVar = (name: string, what: string, def: string): Item =>
  variable(name, 'string', `S3 bucket for ${what}`, s(def), { condition: `can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.${name}))`, message: 'An S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens.' });

/**
 * The module's files (main.tf, variables.tf, outputs.tf, versions.tf) for a plan whose chunks are
 * in S3. `file` names the scenario in the header.
 */
export function terraformModule(p: Plan, file: string, names: TerraformNames = DEFAULT_TERRAFORM_NAMES): TerraformFile[] {
  const b = p.storage.bucket;
  const l = b.lifecycle;
  if (!l) throw new Error('terraformModule: the plan has no bucket (chunks on a filesystem)');
  const kms = b.encryption !== 'sse-s3';
  const auditOn = b.accessLogDays !== null || b.cloudTrailDataEvents;
  const type = ENDPOINT_TYPE[b.path];

  const main: Item[] = [
    ...header(p, file, [
      'use: module "loki" { source = "./this-directory"  oidc_provider_arn = ... }, then',
      '     lokiplan helm-values SCENARIO $(terraform output -raw helm_values_flags) --out values.yaml',
    ]),
    blank,
    block('locals', [], [
      comment('the region the plan priced'),
      attr('region', s(p.region)),
      attr('partition', 'split(":", var.oidc_provider_arn)[1]'),
      attr('account_id', 'split(":", var.oidc_provider_arn)[4]'),
      attr('oidc_issuer', 'split("oidc-provider/", var.oidc_provider_arn)[1]'),
      attr('chunks_arn', `"arn:\${local.partition}:s3:::\${var.chunks_bucket}"`),
      attr('ruler_arn', `"arn:\${local.partition}:s3:::\${var.ruler_bucket}"`),
      ...(auditOn ? [attr('audit_arn', `"arn:\${local.partition}:s3:::\${var.audit_bucket}"`)] : []),
    ]),
    block('data', ['aws_region', 'current'], []),
    ...bucketResources('chunks', 'chunks_bucket', 'chunks and index: versioning off, as the reference design states (chunks are immutable; the lifecycle deletes them)'),
  ];
  if (kms) {
    main.push(
      comment(`the customer managed key the plan prices (kms.key) for SSE-KMS${b.encryption === 'sse-kms-bucket-key' ? ' with an S3 Bucket Key (kms.requests at 1% of the calls)' : ' without an S3 Bucket Key (kms.requests: one call per PUT and GET)'}`),
      block('resource', ['aws_kms_key', 'chunks'], [attr('description', s('Loki chunks (lokiplan)')), attr('enable_key_rotation', 'true'), attr('deletion_window_in_days', '30'), attr('tags', 'var.tags')]),
      block('resource', ['aws_kms_alias', 'chunks'], [attr('name', `"alias/\${var.chunks_bucket}"`), attr('target_key_id', 'aws_kms_key.chunks.key_id')]),
    );
  }
  main.push(
    comment(`default encryption as priced: ${b.encryption}`),
    sse('chunks', SSE_ALGORITHM[b.encryption], kms ? 'aws_kms_key.chunks.arn' : null, b.encryption === 'sse-kms-bucket-key'),
    policy('chunks', [tlsOnly('local.chunks_arn')]),
    ...lifecycle(l),
    ...bucketResources('ruler', 'ruler_bucket', 'ruler: versioning on, as the reference design states (it tracks rule changes); no expiry'),
    block('resource', ['aws_s3_bucket_versioning', 'ruler'], [attr('bucket', 'aws_s3_bucket.ruler.id'), blank, nested('versioning_configuration', [attr('status', s('Enabled'))])]),
    comment('SSE-S3, as the reference design states for the ruler bucket (the plan prices no KMS for it)'),
    sse('ruler', 'AES256', null, false),
    policy('ruler', [tlsOnly('local.ruler_arn')]),
    ...endpoint(p, b),
    ...audit(b),
    ...irsa(b),
  );

  const vars: Item[] = [
    ...header(p, file),
    blank,
    bucketVar('chunks_bucket', 'chunks and index (helm-values --chunks-bucket)', names.chunksBucket),
    bucketVar('ruler_bucket', 'ruler data (helm-values --ruler-bucket)', names.rulerBucket),
    ...(auditOn ? [bucketVar('audit_bucket', 'S3 access logs and CloudTrail logs', names.auditBucket)] : []),
    ...(b.cloudTrailDataEvents ? [variable('trail_name', 'string', 'CloudTrail trail for the chunk bucket\'s data events', s('loki-s3-data-events'))] : []),
    variable('oidc_provider_arn', 'string', "ARN of the EKS cluster's IAM OIDC provider (arn:aws:iam::ACCOUNT:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID)", undefined, {
      condition: 'can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/.+$", var.oidc_provider_arn))',
      message: 'An IAM OIDC provider ARN: arn:aws:iam::ACCOUNT:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID.',
    }),
    variable('namespace', 'string', 'Kubernetes namespace Loki runs in (helm-values installs into loki)', s(names.namespace)),
    variable('service_account', 'string', "Loki's service account (the chart names it after the release: loki)", s(names.serviceAccount)),
    variable('role_name', 'string', 'IAM role for the Loki service account', s(names.roleName)),
  ];
  if (type === 'Gateway') {
    vars.push(variable('vpc_id', 'string', "VPC of the cluster's nodes (S3 gateway endpoint)"), variable('route_table_ids', 'list(string)', "route tables of the nodes' subnets (S3 gateway endpoint)"));
  } else if (type === 'Interface') {
    const n = interfaces(p);
    vars.push(
      variable('vpc_id', 'string', "VPC of the cluster's nodes (S3 interface endpoint)"),
      variable(
        'subnet_ids',
        'list(string)',
        'one subnet per zone for the S3 interface endpoint',
        undefined,
        n === null ? undefined : { condition: `length(var.subnet_ids) == ${n}`, message: `The plan prices ${n} endpoint interface${n === 1 ? '' : 's'} (one per zone): give ${n} subnet${n === 1 ? '' : 's'}, or plan the scenario with your zones.` },
      ),
      variable('security_group_ids', 'list(string)', 'security groups of the S3 interface endpoint (HTTPS from the nodes)'),
    );
  }
  vars.push(variable('tags', 'map(string)', 'tags for every resource', '{}'));

  const outputs: Item[] = [
    ...header(p, file),
    blank,
    block('output', ['chunks_bucket'], [attr('description', s('helm-values --chunks-bucket')), attr('value', 'aws_s3_bucket.chunks.bucket')]),
    block('output', ['ruler_bucket'], [attr('description', s('helm-values --ruler-bucket')), attr('value', 'aws_s3_bucket.ruler.bucket')]),
    block('output', ['role_arn'], [attr('description', s('helm-values --role-arn (serviceAccount.annotations eks.amazonaws.com/role-arn)')), attr('value', 'aws_iam_role.loki.arn')]),
    block('output', ['helm_values_flags'], [
      attr('description', s('the flags that point lokiplan helm-values at these buckets and this role')),
      attr('value', `"--chunks-bucket \${aws_s3_bucket.chunks.bucket} --ruler-bucket \${aws_s3_bucket.ruler.bucket} --role-arn \${aws_iam_role.loki.arn}"`),
    ]),
    ...(kms ? [block('output', ['kms_key_arn'], [attr('description', s('the chunk bucket key')), attr('value', 'aws_kms_key.chunks.arn')])] : []),
    ...(auditOn ? [block('output', ['audit_bucket'], [attr('description', s('S3 access logs and CloudTrail logs')), attr('value', 'aws_s3_bucket.audit.bucket')])] : []),
    ...(type ? [block('output', ['s3_endpoint_id'], [attr('description', s('the S3 VPC endpoint')), attr('value', 'aws_vpc_endpoint.s3.id')])] : []),
  ];

  const versions: Item[] = [
    comment('transition_default_minimum_object_size needs hashicorp/aws 5.70 or later (terraform-provider-aws PR 39578); lokiplan\'s tests plan with 5.100.0'),
    block('terraform', [], [
      attr('required_version', s('>= 1.5')),
      blank,
      nested('required_providers', [attr('aws', obj(['source', s('hashicorp/aws')], ['version', s('>= 5.70')]))]),
    ]),
  ];

  return [
    { name: 'main.tf', body: hclFile(main) },
    { name: 'variables.tf', body: hclFile(vars) },
    { name: 'outputs.tf', body: hclFile(outputs) },
    { name: 'versions.tf', body: hclFile(versions) },
  ];
}
