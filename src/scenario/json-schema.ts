/**
 * JSON Schemas (draft 2020-12) for the files people write: scenarios as authored (with `extends`
 * and `null` to delete an inherited field), sizing profiles and price books. Generated from the zod
 * schemas the loaders use (z.toJSONSchema), with the enums and unit patterns the loaders check
 * after parsing laid over them, so editors (YAML language server, VS Code) complete and flag the
 * same things. `lokiplan schema [scenario|profile|prices]` prints them; `npm run build` writes
 * them to schemas/ (shipped in the package).
 */
import { z } from 'zod';
import { CALIBRATABLE } from '../model/profiles.js';
import { MODES } from '../model/modes/index.js';
import { DEPLOYMENT_MODES, STORAGE_CLASSES } from '../model/types.js';
import { REGION_LOCATIONS } from '../sources/aws-regions.js';
import { priceBookDocument } from '../sources/pricebook.js';
import { PATTERNS } from './grammar.js';
import { measurement, profileSchema } from './profile.js';
import { scenarioFields } from './schema.js';

export const SCHEMA_NAMES = ['scenario', 'profile', 'prices'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

const NUM = '[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?';

/** Quantities with units: the patterns of the unit grammar (grammar.ts) that src/scenario/units.ts parses with. */
const q = {
  days: z.string().regex(new RegExp(PATTERNS.days)).meta({ description: "a duration with a unit, e.g. '30 days', '2 weeks', '3 months' (31 days each), Loki's '30d' or '720h'" }),
  bytes: z.string().regex(new RegExp(PATTERNS.bytes)).meta({ description: "a size with a unit, e.g. '250 B', '1.5 MB', '10 GiB' or '10Gi'" }),
  rate: z.string().regex(new RegExp(PATTERNS.bytesPerSecond)).meta({ description: "a data rate, e.g. '1 TB/day', '12 MB/s', '400 Gi/day', '12 TB/month' (a 730-hour month)" }),
  lines: z.string().regex(new RegExp(PATTERNS.linesPerSecond)).meta({ description: "a line rate, e.g. '50000 lines/s'" }),
  cpu: z.union([z.number(), z.string().regex(new RegExp(`^\\s*${NUM}\\s*m?\\s*$`))]).meta({ description: "CPUs: 1, 0.5 or '500m'" }),
  memory: z.string().regex(new RegExp(PATTERNS.bytes)).meta({ description: "memory with a unit, e.g. '6Gi' or '512 MiB'" }),
  fraction: z.union([z.number().min(0).max(1), z.string().regex(new RegExp(`^\\s*${NUM}\\s*%\\s*$`))]).meta({ description: "a share: '70%' or 0.7" }),
  count: z.union([z.number(), z.string().regex(new RegExp(`^\\s*${NUM}\\s*$`))]),
};

const TARGETS = [...new Set(Object.values(MODES).flatMap((m) => m.targets.map((t) => t.name)))];
const target = z.enum(TARGETS as [string, ...string[]]);
const resources = z.strictObject({ cpu: q.cpu.optional(), memory: q.memory.optional() });
const S = scenarioFields;

/** A scenario file as written: every field optional (a file may extend another). */
const authoredScenario = z.strictObject({
  ...S,
  extends: z.string().meta({ description: 'start from another scenario file (a path relative to this one): objects merge, lists replace, null deletes' }),
  region: z.enum(Object.keys(REGION_LOCATIONS) as [string, ...string[]]).meta({ description: 'AWS region; the embedded snapshot has us-east-1, us-west-2, eu-west-1 and eu-central-1 (others need --prices live or a price book)' }),
  ingest: S.ingest.extend({ rate: q.lines.optional(), avgLineSize: q.bytes.optional(), volume: q.rate.optional(), streams: q.count.optional() }),
  retention: q.days,
  storage: S.storage.extend({
    chunkSize: q.bytes.optional(),
    lifecycle: z.array(z.strictObject({ after: q.days, class: z.enum(STORAGE_CLASSES as [string, ...string[]]).optional(), action: z.literal('delete').optional() })).optional(),
  }),
  query: S.query.extend({ scannedPerDay: q.bytes.optional() }),
  deployment: S.deployment.extend({
    mode: z.enum(['auto', ...DEPLOYMENT_MODES] as [string, ...string[]]).meta({ description: 'the deployment mode; omitted: auto (the mode lokiplan recommends for the volume and failureTolerance)' }).optional(),
  }),
  targets: z.partialRecord(target, z.strictObject({ replicas: z.number().int().optional(), requests: resources.optional(), limits: resources.optional(), volume: q.bytes.optional() })),
  compute: S.compute.extend({
    instanceSizes: z.enum(['family', 'listed']).optional().meta({ description: "family (the default): each node group may also use the other sizes of the listed types' families that the price source prices (e.g. m7g.large beside m7g.xlarge); listed: only compute.instanceTypes" }),
    spot: z.partialRecord(target, q.fraction).optional(),
    committed: z.partialRecord(target, q.fraction).optional(),
    nodeRootVolume: q.bytes.optional(),
  }),
  platform: S.platform.extend({ eksClusterShare: q.fraction.optional() }),
  baseline: z.union([z.null(), z.literal(false), z.record(z.string(), z.unknown())]).meta({ description: "the baseline: { mode: monolithic }, { extends: file }, or null for none; omitted: the same workload on one monolithic Loki (none when the scenario is monolithic)" }),
  uncertainty: z.record(z.string(), z.unknown()).meta({ description: 'ranges and distributions for lokiplan uncertainty (field path -> spec)' }),
}).partial();

type Json = Record<string, unknown>;

/** Every property may be null (null deletes an inherited field); applied through the whole tree. */
function nullable(s: unknown): unknown {
  if (Array.isArray(s)) return s.map((x) => nullable(x));
  if (typeof s !== 'object' || s === null) return s;
  const o: Json = {};
  for (const [k, v] of Object.entries(s as Json)) o[k] = nullable(v);
  if (o['properties'] && typeof o['properties'] === 'object') {
    const props: Json = {};
    for (const [k, v] of Object.entries(o['properties'] as Json)) props[k] = { anyOf: [v, { type: 'null' }] };
    o['properties'] = props;
  }
  // map entries too (spot: { read: null } deletes an inherited share)
  if (o['additionalProperties'] && typeof o['additionalProperties'] === 'object') o['additionalProperties'] = { anyOf: [o['additionalProperties'], { type: 'null' }] };
  return o;
}

/** Drop `required` everywhere: a profile with `extends` names only what it changes. */
function partialTree(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(partialTree);
  if (typeof s !== 'object' || s === null) return s;
  const o: Json = {};
  for (const [k, v] of Object.entries(s as Json)) if (k !== 'required') o[k] = partialTree(v);
  return o;
}

const ID = 'https://github.com/lokiplan/lokiplan/schemas/';

export function jsonSchema(name: SchemaName): Json {
  let body: Json;
  let title: string;
  if (name === 'scenario') {
    title = 'lokiplan scenario';
    body = nullable(z.toJSONSchema(authoredScenario, { io: 'input', unrepresentable: 'any' })) as Json;
  } else if (name === 'profile') {
    title = 'lokiplan sizing profile';
    const authored = profileSchema.partial().extend({
      extends: z.string().meta({ description: "a profile file or built-in id (e.g. 'grafana-loki') to start from; this file then names only what it changes" }),
      calibrate: z.partialRecord(z.enum(Object.keys(CALIBRATABLE) as [string, ...string[]]), measurement),
    }).partial();
    body = partialTree(z.toJSONSchema(authored, { io: 'input', unrepresentable: 'any' })) as Json;
  } else {
    title = 'lokiplan price book (lokiplan-prices/1)';
    body = z.toJSONSchema(priceBookDocument, { io: 'input', unrepresentable: 'any' }) as Json;
  }
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: `${ID}${name}.schema.json`, title, ...Object.fromEntries(Object.entries(body).filter(([k]) => k !== '$schema')) };
}

export const schemaText = (name: SchemaName): string => `${JSON.stringify(jsonSchema(name), null, 2)}\n`;
