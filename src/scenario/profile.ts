/**
 * User sizing profiles (`--profile FILE`, YAML or JSON). A profile either `extends: grafana-loki`
 * (the embedded default) and changes what it names, or is complete. `calibrate` replaces a pod's
 * throughput with a measurement:
 *
 *   schema: lokiplan-profile/1
 *   id: acme-m7i
 *   version: "2026-03"
 *   extends: grafana-loki
 *   calibrate:
 *     write: { throughput: 5 MiB/s, atCpu: 1, atMemory: 6Gi, source: "load test, 2026-03-02" }
 *
 * No I/O here: the command reads the file and passes its text.
 */
import { isScalar, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import { ScenarioError } from '../errors.js';
import { CALIBRATABLE, calibrate, DEFAULT_PROFILE, type Measurement, type SizingProfile } from '../model/profiles.js';
import { deepMerge, didYouMean, duplicateKey, fieldsAt, kindOf, yamlReason, type ZodLike } from './load.js';
import { fmtLimit, LIMITS, OUTSIDE } from '../model/coverage.js';
import { parseQuantity, QuantityError, show } from './units.js';
import { TIER_COMPONENTS } from '../model/sizing.js';

// a profile's figures stay inside what the model covers (src/model/coverage.ts), as a scenario's do
const cpu = z.number().min(LIMITS.podCpuMin).max(LIMITS.podCpu);
const memoryGiB = z.number().min(LIMITS.podMemoryMinGiB).max(LIMITS.podMemoryGiB);
const replicas = z.number().int().min(1).max(LIMITS.replicasPerTarget);
const volumeGiB = z.number().min(0).max(LIMITS.gp3MaxGiB);
const res = z.strictObject({ cpu, memoryGiB });
const target = z.strictObject({
  components: z.array(z.string()),
  requests: res,
  limits: res,
  throughputPerReplica: z.number().positive().nullable(),
  throughputOf: z.enum(['ingest', 'query']).nullable(),
  queryThroughputPerReplica: z.number().positive().optional(),
  allocatedMemoryMB: z.number().positive().optional(),
  minReplicas: replicas,
  maxReplicas: replicas.nullable(),
  addFailureTolerance: z.boolean(),
  volumeGiB,
  source: z.string().min(1),
  estimate: z.boolean(),
  calibrated: z.string().optional(),
});
const tierPod = z.strictObject({ cpu, memoryGiB, replicas });
const COMPONENTS = TIER_COMPONENTS;
const tierComponents = z.strictObject(Object.fromEntries(COMPONENTS.map((c) => [c, tierPod])) as Record<(typeof COMPONENTS)[number], typeof tierPod>);

const component = z.strictObject({ components: z.array(z.string()), scaling: z.enum(['ingest', 'query', 'table', 'fixed']), volumeGiB });

export const profileSchema = z.strictObject({
  schema: z.literal('lokiplan-profile/1'),
  id: z.string().min(1),
  version: z.union([z.string().min(1), z.number()]).transform(String),
  description: z.string(),
  units: z.string().optional(),
  targets: z.strictObject({
    write: target,
    read: target,
    backend: target,
    gateway: target,
    'single-binary': target,
    'chunks-cache': target,
    'results-cache': target,
  }),
  monolithic: target.extend({ capacityBytesPerDay: z.number().positive(), capacitySource: z.string(), volumeHeadroom: z.number().min(0) }),
  microservices: z.strictObject({
    source: z.string(),
    tiers: z
      .array(z.strictObject({ name: z.string(), fromBytesPerDay: z.number().min(0), anchorBytesPerDay: z.number().positive(), components: tierComponents }))
      .min(1),
    components: z.strictObject(Object.fromEntries(COMPONENTS.map((c) => [c, component])) as Record<(typeof COMPONENTS)[number], typeof component>),
    limitFactor: res,
    limitSource: z.string(),
    volumeSource: z.string(),
    querierQueryBytesPerSecondPerCpu: z.number().positive(),
    querierSource: z.string(),
    ruler: target,
  }),
  daemonsetOverhead: z.strictObject({ cpu: z.number().min(0).max(LIMITS.podCpu), memoryGiB: z.number().min(0).max(LIMITS.podMemoryGiB) }),
  daemonsetSource: z.string(),
});

export const measurement = z.strictObject({
  throughput: z.union([z.string(), z.number()]),
  atCpu: z.union([z.string(), z.number()]),
  atMemory: z.union([z.string(), z.number()]).optional(),
  source: z.string().min(1),
});

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

const BUILTIN: Record<string, SizingProfile> = { [DEFAULT_PROFILE.id]: DEFAULT_PROFILE };

type Obj = Record<string, unknown>;

/** Parse a profile file's text into a SizingProfile (errors name the file and field). */
export function parseProfile(text: string, file: string): SizingProfile {
  const fail = (path: string, m: string): never => {
    throw new ScenarioError(file, path, m);
  };
  // bounded as a scenario is: yaml's own unique-key check is quadratic, duplicateKey() is linear; an
  // alias bomb stops at 100 aliases; keys that name Object's own members are refused; and nothing
  // of the file's content is quoted (it may be any file: a .env of secrets)
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
  if (doc.errors[0]) fail('', `invalid YAML/JSON: ${yamlReason(doc.errors[0].message)}`);
  const dup = duplicateKey(doc);
  if (dup) fail('', `invalid YAML/JSON: ${dup.why} ${show(dup.key)}`);
  let reserved: string | null = null;
  visit(doc, {
    Pair(_, pair) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      if (RESERVED.has(k)) {
        reserved = k;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (reserved) fail(reserved, 'is not a profile field (a name reserved by JavaScript objects)');
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    return fail('', `invalid YAML/JSON: ${yamlReason((e as Error).message)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('', `expected a mapping of profile fields, got ${kindOf(raw)} (is it a profile file?)`);
  const { extends: ext, calibrate: cal, ...rest } = raw as Obj;
  let merged: Obj = rest;
  if (ext !== undefined) {
    const base = typeof ext === 'string' && Object.hasOwn(BUILTIN, ext) ? BUILTIN[ext] : undefined;
    if (!base) return fail('extends', `unknown built-in profile ${show(ext)}; one of ${Object.keys(BUILTIN).join(', ')}`);
    // a plan names its profile: figures changed from the default's must not carry its name
    if (rest['id'] === undefined || rest['id'] === base.id) return fail('id', `a profile that extends ${base.id} needs its own id (and version), so plans made with it are not labelled ${base.id}@${base.version}`);
    merged = deepMerge(structuredClone(base) as unknown as Obj, rest);
  }
  const r = profileSchema.safeParse(merged);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const key = (issue as { keys: string[] }).keys[0]!;
      const known = fieldsAt(profileSchema as unknown as ZodLike, issue.path);
      const guess = didYouMean(key, issue.path.length ? known : [...known, 'extends', 'calibrate']);
      return fail(path ? `${path}.${key}` : key, `unknown field (not part of the profile schema)${guess ? `; did you mean ${guess}?` : ''}`);
    }
    return fail(path, issue.message.replace(/^Invalid input: /, ''));
  }
  let profile = r.data as SizingProfile;
  if (cal !== undefined) {
    if (typeof cal !== 'object' || cal === null || Array.isArray(cal)) return fail('calibrate', 'must map targets to measurements');
    const measured: Record<string, Measurement> = {};
    for (const [name, m] of Object.entries(cal as Obj)) {
      const path = `calibrate.${name}`;
      if (!Object.hasOwn(CALIBRATABLE, name)) {
        const guess = didYouMean(name, Object.keys(CALIBRATABLE));
        fail(path, `cannot calibrate ${show(name)}; ${guess ? `did you mean ${guess}? ` : ''}one of ${Object.keys(CALIBRATABLE).join(', ')}`);
      }
      const mr = measurement.safeParse(m);
      if (!mr.success) {
        // a misspelt field first: its "did you mean" also explains the missing one
        const issue = mr.error.issues.find((i) => i.code === 'unrecognized_keys') ?? mr.error.issues[0]!;
        const at = issue.path.map(String).join('.');
        const key = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys[0]! : '';
        const guess = key ? didYouMean(key, Object.keys(measurement.shape)) : undefined;
        fail(at ? `${path}.${at}` : key ? `${path}.${key}` : path, key ? `unknown field${guess ? `; did you mean ${guess}?` : ''}` : issue.message.replace(/^Invalid input: /, ''));
      }
      const v = mr.data!;
      // a measurement inside what the model covers: a pod no larger than the largest instance, no
      // smaller than Kubernetes' 1m CPU / 1 MiB; a throughput of 1 byte/s to 1 TB/s
      const ranges = { bytesPerSecond: [1, 1e12], cpu: [LIMITS.podCpuMin, LIMITS.podCpu], memoryGiB: [LIMITS.podMemoryMinGiB, LIMITS.podMemoryGiB] } as const;
      const q = (x: string | number, kind: 'bytesPerSecond' | 'cpu' | 'memoryGiB', f: string) => {
        try {
          const n = parseQuantity(x, kind);
          if (!(n > 0)) fail(`${path}.${f}`, `must be greater than 0, got ${show(x)}`);
          const [lo, hi] = ranges[kind];
          if (!(n >= lo && n <= hi)) fail(`${path}.${f}`, `${OUTSIDE}: ${show(x)} is not between ${fmtLimit(lo)} and ${fmtLimit(hi)} ${kind === 'bytesPerSecond' ? 'bytes/s' : kind === 'cpu' ? 'CPU' : 'GiB'}`);
          return n;
        } catch (e) {
          if (e instanceof QuantityError) return fail(`${path}.${f}`, e.message);
          throw e;
        }
      };
      measured[name] = {
        throughput: q(v.throughput, 'bytesPerSecond', 'throughput'),
        atCpu: q(v.atCpu, 'cpu', 'atCpu'),
        ...(v.atMemory !== undefined ? { atMemoryGiB: q(v.atMemory, 'memoryGiB', 'atMemory') } : {}),
        source: v.source,
      };
    }
    profile = calibrate(profile, profile.id, profile.version, profile.description, measured);
  }
  return profile;
}
