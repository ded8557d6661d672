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
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ScenarioError } from '../errors.js';
import { CALIBRATABLE, calibrate, DEFAULT_PROFILE, type Measurement, type SizingProfile } from '../model/profiles.js';
import { deepMerge } from './load.js';
import { parseQuantity, QuantityError, show } from './units.js';
import { TIER_COMPONENTS } from '../model/sizing.js';

const res = z.strictObject({ cpu: z.number().positive(), memoryGiB: z.number().positive() });
const target = z.strictObject({
  components: z.array(z.string()),
  requests: res,
  limits: res,
  throughputPerReplica: z.number().positive().nullable(),
  throughputOf: z.enum(['ingest', 'query']).nullable(),
  queryThroughputPerReplica: z.number().positive().optional(),
  allocatedMemoryMB: z.number().positive().optional(),
  minReplicas: z.number().int().min(1),
  maxReplicas: z.number().int().min(1).nullable(),
  addFailureTolerance: z.boolean(),
  volumeGiB: z.number().min(0),
  source: z.string().min(1),
  estimate: z.boolean(),
  calibrated: z.string().optional(),
});
const tierPod = z.strictObject({ cpu: z.number().positive(), memoryGiB: z.number().positive(), replicas: z.number().int().min(1) });
const COMPONENTS = TIER_COMPONENTS;
const tierComponents = z.strictObject(Object.fromEntries(COMPONENTS.map((c) => [c, tierPod])) as Record<(typeof COMPONENTS)[number], typeof tierPod>);

const component = z.strictObject({ components: z.array(z.string()), scaling: z.enum(['ingest', 'query', 'table', 'fixed']), volumeGiB: z.number().min(0) });

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
  daemonsetOverhead: z.strictObject({ cpu: z.number().min(0), memoryGiB: z.number().min(0) }),
  daemonsetSource: z.string(),
});

export const measurement = z.strictObject({
  throughput: z.union([z.string(), z.number()]),
  atCpu: z.union([z.string(), z.number()]),
  atMemory: z.union([z.string(), z.number()]).optional(),
  source: z.string().min(1),
});

const BUILTIN: Record<string, SizingProfile> = { [DEFAULT_PROFILE.id]: DEFAULT_PROFILE };

type Obj = Record<string, unknown>;

/** Parse a profile file's text into a SizingProfile (errors name the file and field). */
export function parseProfile(text: string, file: string): SizingProfile {
  const fail = (path: string, m: string): never => {
    throw new ScenarioError(file, path, m);
  };
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors[0]) fail('', `invalid YAML/JSON: ${doc.errors[0].message.split('\n')[0]}`);
  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('', `expected a mapping of profile fields, got ${show(raw)}`);
  const { extends: ext, calibrate: cal, ...rest } = raw as Obj;
  let merged: Obj = rest;
  if (ext !== undefined) {
    const base = typeof ext === 'string' ? BUILTIN[ext] : undefined;
    if (!base) return fail('extends', `unknown built-in profile ${show(ext)}; one of ${Object.keys(BUILTIN).join(', ')}`);
    merged = deepMerge(structuredClone(base) as unknown as Obj, rest);
  }
  const r = profileSchema.safeParse(merged);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return fail(path ? `${path}.${(issue as { keys: string[] }).keys[0]}` : (issue as { keys: string[] }).keys[0]!, 'unknown field (not part of the profile schema)');
    return fail(path, issue.message.replace(/^Invalid input: /, ''));
  }
  let profile = r.data as SizingProfile;
  if (cal !== undefined) {
    if (typeof cal !== 'object' || cal === null || Array.isArray(cal)) return fail('calibrate', 'must map targets to measurements');
    const measured: Record<string, Measurement> = {};
    for (const [name, m] of Object.entries(cal as Obj)) {
      const path = `calibrate.${name}`;
      if (!(name in CALIBRATABLE)) fail(path, `cannot calibrate ${show(name)}; one of ${Object.keys(CALIBRATABLE).join(', ')}`);
      const mr = measurement.safeParse(m);
      if (!mr.success) {
        const issue = mr.error.issues[0]!;
        const at = issue.path.map(String).join('.');
        fail(at ? `${path}.${at}` : path, issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message.replace(/^Invalid input: /, ''));
      }
      const v = mr.data!;
      const q = (x: string | number, kind: 'bytesPerSecond' | 'cpu' | 'memoryGiB', f: string) => {
        try {
          const n = parseQuantity(x, kind);
          if (!(n > 0)) fail(`${path}.${f}`, `must be greater than 0, got ${show(x)}`);
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
