/**
 * Scenario field paths for what-if analysis: a dot path into the raw (YAML) document, such as
 * `retention`, `ingest.volume`, `storage.lifecycle[1].after`, `compute.spot.read` or
 * `prices.overrides.compute.vcpu-hour`, with a few short aliases (`spot.read`, `compressionRatio`).
 *
 * Varying a field is defined at the raw document level: `applyToDocument` sets the value on a copy
 * of the document, which is then validated and normalised like a file (`withValues`), so `mode:
 * auto`, defaults, per-target overrides and refusals behave exactly as for a file. This is the one
 * way every what-if (sweep, sensitivity, uncertainty, growth, the what-if page) applies a value.
 * For speed, most fields also have a *fast mapping*: which normalised Scenario fields the raw field
 * decides, so a grid point can be built by copying those fields from a scenario normalised once per
 * distinct value. A fast mapping is used only where `fastPathAllowed` says it builds the same
 * scenario (never under `mode: auto`, which re-chooses the mode from the values); tests check every
 * fast mapping against full normalisation. Pure: no I/O.
 */
import { InputErrors, ScenarioError } from '../errors.js';
import { fromDocument, type ReadText } from '../scenario/load.js';
import { scenarioSchema } from '../scenario/schema.js';
import type { DeploymentMode, Scenario } from '../model/types.js';
import { MODES, targetSpec, type ModeSpec } from '../model/modes/index.js';
import { WhatIfError } from './values.js';

export type Seg = string | number;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Top-level fields: the scenario schema's own (src/scenario/schema.ts), so a new field is a what-if field too. */
const TOP: ReadonlySet<string> = new Set(Object.keys(scenarioSchema.shape));

/** Short names for common fields. */
export const ALIASES: Record<string, string> = {
  volume: 'ingest.volume',
  rate: 'ingest.rate',
  lineSize: 'ingest.avgLineSize',
  avgLineSize: 'ingest.avgLineSize',
  peakFactor: 'ingest.peakFactor',
  compression: 'storage.compressionRatio',
  compressionRatio: 'storage.compressionRatio',
  storedCopies: 'storage.storedCopies',
  chunkSize: 'storage.chunkSize',
  lifecycle: 'storage.lifecycle',
  scannedPerDay: 'query.scannedPerDay',
  mode: 'deployment.mode',
  replicationFactor: 'deployment.replicationFactor',
  zones: 'deployment.zones',
  streams: 'ingest.streams',
  grpcCompression: 'network.grpcCompression',
  sameZoneRouting: 'network.sameZoneRouting',
  s3: 'network.s3',
  failureTolerance: 'deployment.failureTolerance',
  spot: 'compute.spot',
  instanceTypes: 'compute.instanceTypes',
  overrides: 'prices.overrides',
  price: 'prices.overrides',
};

/** Resolve aliases and split a path into segments (`a.b[1].c` -> a, b, 1, c). */
export function resolvePath(path: string): { path: string; segs: Seg[] } {
  const p = path.trim();
  if (p === '') throw new WhatIfError('empty field path');
  const dot = p.search(/[.[]/);
  const head = dot < 0 ? p : p.slice(0, dot);
  let full = p;
  if (!TOP.has(head)) {
    const a = ALIASES[head];
    if (!a) throw new WhatIfError(`unknown field ${JSON.stringify(path)}: not a scenario field (top-level fields: ${[...TOP].join(', ')}; aliases: ${Object.keys(ALIASES).join(', ')})`);
    full = a + p.slice(head.length);
  }
  if (full.startsWith('prices.overrides.')) {
    const key = full.slice('prices.overrides.'.length);
    if (!key) throw new WhatIfError(`${path}: give a price key, e.g. prices.overrides.compute.vcpu-hour`);
    return { path: full, segs: ['prices', 'overrides', key] };
  }
  const segs: Seg[] = [];
  for (const part of full.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new WhatIfError(`bad field path ${JSON.stringify(path)}: use dots and [index], e.g. storage.lifecycle[1].after`);
    segs.push(m[1]!);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) segs.push(Number(idx[1]));
  }
  return { path: full, segs };
}

export function getRaw(doc: Obj, segs: readonly Seg[]): unknown {
  let o: unknown = doc;
  for (const s of segs) {
    if (typeof s === 'number') o = Array.isArray(o) ? o[s] : undefined;
    else o = isObj(o) ? o[s] : undefined;
    if (o === undefined) return undefined;
  }
  return o;
}

/** Alternatives: setting one removes the others (a scenario gives volume, or rate with line size). */
const REPLACES: Record<string, string[]> = {
  'ingest.volume': ['rate', 'avgLineSize'],
  'ingest.rate': ['volume'],
  'ingest.avgLineSize': ['volume'],
};

/** Set a raw field in place (creating objects on the way). */
export function setRaw(doc: Obj, segs: readonly Seg[], value: unknown, path: string): void {
  let o: unknown = doc;
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i]!;
    const nextIsIndex = typeof segs[i + 1] === 'number';
    if (typeof s === 'number') {
      if (!Array.isArray(o) || s >= o.length) throw new WhatIfError(`${path}: index ${s} is past the end of the list (${Array.isArray(o) ? o.length : 0} items)`);
      o = o[s];
    } else {
      if (!isObj(o)) throw new WhatIfError(`${path}: ${segs.slice(0, i).join('.')} is not a mapping`);
      if (o[s] === undefined || o[s] === null) o[s] = nextIsIndex ? [] : {};
      o = o[s];
    }
  }
  const last = segs[segs.length - 1]!;
  if (typeof last === 'number') {
    if (!Array.isArray(o) || last > o.length) throw new WhatIfError(`${path}: index ${last} is past the end of the list`);
    o[last] = value;
  } else {
    if (!isObj(o)) throw new WhatIfError(`${path}: parent is not a mapping`);
    o[last] = value;
    const key = segs.map(String).join('.');
    for (const r of REPLACES[key] ?? []) delete o[r];
    if (key === 'deployment.mode' && typeof value === 'string' && value in MODES) switchModeFields(o as Obj, MODES[value as DeploymentMode]);
  }
}

/**
 * Varying the mode (sweep --vary mode=...) sets what the new mode requires: monolithic's
 * replication factor 1 on one zone; a clustered mode's default replication and zones in place of
 * a single binary's 1. The failure tolerance stays: it is the requirement the plan is checked against.
 */
function switchModeFields(dep: Obj, spec: ModeSpec): void {
  if (spec.requiredReplicationFactor !== null) dep['replicationFactor'] = spec.requiredReplicationFactor;
  else if (dep['replicationFactor'] === 1) {
    dep['replicationFactor'] = spec.defaults.replicationFactor;
    if (dep['zones'] === 1) dep['zones'] = spec.defaults.zones;
  }
  if (!spec.spreadsZones) dep['zones'] = 1;
}

/** One raw value set on a document: where (segments and the path as resolved), what, and its label. */
export interface RawSet {
  segs: readonly Seg[];
  path: string;
  value: unknown;
  label: string;
}

/** A copy of the document with the values set (the document itself is not changed). */
export function applyToDocument(doc: Obj, sets: readonly RawSet[]): Obj {
  const d = structuredClone(doc);
  for (const s of sets) setRaw(d, s.segs, s.value, s.path);
  return d;
}

/** Load a document with one or more raw fields set; errors name the flag that set them. */
export function withValues(doc: Obj, file: string, read: ReadText, sets: readonly RawSet[], origin: string): Scenario {
  const d = applyToDocument(doc, sets);
  try {
    return fromDocument(d, file, read);
  } catch (e) {
    if (e instanceof ScenarioError || e instanceof InputErrors) {
      const at = sets.map((s) => `${s.path}=${s.label}`).join(', ');
      throw new WhatIfError(`${origin} ${at}: ${e.message}`);
    }
    throw e;
  }
}

// ---- fast mappings: raw path -> the normalised fields it decides ----

export interface Scalar {
  /** the normalised number this field sets (linear in the raw number) */
  get(s: Scenario): number;
  set(s: Scenario, v: number): void;
}

export interface Mapping {
  /** normalised paths written; two axes may share the fast path only if none is a prefix of another */
  writes: Seg[][];
  scalar?: Scalar;
}

type Any = Record<string | number, unknown>;

function at(o: unknown, segs: readonly Seg[]): unknown {
  let x = o;
  for (const s of segs) x = x == null ? undefined : (x as Any)[s];
  return x;
}

function copyAt(dst: Scenario, src: Scenario, segs: readonly Seg[]): void {
  let d = dst as unknown as Any;
  let s = src as unknown as Any | undefined;
  for (let i = 0; i < segs.length - 1; i++) {
    d = d[segs[i]!] as Any;
    s = s?.[segs[i]!] as Any | undefined;
  }
  const k = segs[segs.length - 1]!;
  const v = s?.[k];
  if (v === undefined) delete d[k];
  else d[k] = v;
}

/** Copy the fields a mapping decides from a fully normalised scenario (and its baseline). */
export function applyMapping(dst: Scenario, src: Scenario, m: Mapping): void {
  for (const w of m.writes) copyAt(dst, src, w);
  if (dst.baseline && src.baseline) for (const w of m.writes) copyAt(dst.baseline, src.baseline, w);
}

const f = (...segs: Seg[]): Seg[] => segs;
const scalarAt = (segs: Seg[]): Scalar => ({
  get: (s) => at(s, segs) as number,
  set: (s, v) => {
    const o = at(s, segs.slice(0, -1)) as Any;
    o[segs[segs.length - 1]!] = v;
  },
});
const simple = (...segs: Seg[]): Mapping => ({ writes: [segs], scalar: scalarAt(segs) });
const plain = (...segs: Seg[]): Mapping => ({ writes: [segs] });
const INGEST = [f('ingest', 'bytesPerSecond'), f('ingest', 'linesPerSecond'), f('ingest', 'avgLineBytes')];

const FIXED: Record<string, Mapping> = {
  hoursPerMonth: simple('hoursPerMonth'),
  region: plain('region'),
  'ingest.volume': {
    writes: INGEST,
    scalar: { get: (s) => s.ingest.bytesPerSecond, set: (s, v) => ((s.ingest.bytesPerSecond = v), (s.ingest.linesPerSecond = null), (s.ingest.avgLineBytes = null)) },
  },
  'ingest.rate': {
    writes: INGEST,
    scalar: { get: (s) => s.ingest.linesPerSecond ?? 0, set: (s, v) => ((s.ingest.linesPerSecond = v), (s.ingest.bytesPerSecond = v * (s.ingest.avgLineBytes ?? 0))) },
  },
  'ingest.avgLineSize': {
    writes: INGEST,
    scalar: { get: (s) => s.ingest.avgLineBytes ?? 0, set: (s, v) => ((s.ingest.avgLineBytes = v), (s.ingest.bytesPerSecond = v * (s.ingest.linesPerSecond ?? 0))) },
  },
  'ingest.peakFactor': simple('ingest', 'peakFactor'),
  retention: simple('retentionDays'),
  'storage.compressionRatio': simple('storage', 'compressionRatio'),
  'storage.storedCopies': simple('storage', 'storedCopies'),
  'storage.chunkSize': simple('storage', 'chunkBytes'),
  'storage.billingGigabyte': plain('storage', 'billingGigabyte'),
  'query.scannedPerDay': simple('query', 'scannedBytesPerDay'),
  'query.peakFactor': simple('query', 'peakFactor'),
  'deployment.zones': plain('deployment', 'zones'),
  'deployment.failureTolerance': plain('deployment', 'failureTolerance'),
  'deployment.chunksCache': plain('deployment', 'chunksCache'),
  'compute.instanceTypes': plain('compute', 'instanceTypes'),
  'compute.instanceSizes': plain('compute', 'instanceSizes'),
  'compute.pricing': plain('compute', 'pricing'),
  'compute.nodeRootVolume': simple('compute', 'nodeRootVolumeGiB'),
  'platform.eksClusterShare': simple('platform', 'eksClusterShare'),
  'platform.loadBalancer': plain('platform', 'loadBalancer'),
  'ingest.streams': plain('ingest', 'streams'),
  'query.ingesterShare': simple('query', 'ingesterShare'),
  'query.selectivity': simple('query', 'selectivity'),
  'query.rulerScannedPerDay': plain('query', 'rulerScannedBytesPerDay'),
  'network.sameZoneRouting': plain('network', 'sameZoneRouting'),
  'network.grpcCompression': plain('network', 'grpcCompression'),
  'network.loadBalancerCrossZone': plain('network', 'loadBalancerCrossZone'),
  'network.s3': plain('network', 's3'),
  'audit.cloudTrailDataEvents': plain('audit', 'cloudTrailDataEvents'),
  'audit.s3AccessLogs': plain('audit', 's3AccessLogs'),
  'audit.encryption': plain('audit', 'encryption'),
};

/**
 * May points be built by copying normalised fields (fast mappings) rather than normalising the
 * document with the value set? Not when `mode: auto` chose the mode of the scenario or of its
 * baseline: the volume, failure tolerance and zones may choose another mode, with its own targets,
 * defaults and refusals, which only the full path gets right.
 */
export function fastPathAllowed(base: Scenario): boolean {
  return base.deployment.modeReason === null && (!base.baseline || base.baseline.deployment.modeReason === null);
}

/**
 * The fast mapping for a raw path in a scenario of `mode`, or null (then every point is normalised
 * in full). A spot share decides the whole normalised `compute.spot` (a role or another mode's
 * target reaches several targets, and a target's own name wins over a role); it is a sampled scalar
 * only where it names a target of the mode itself.
 */
export function mappingFor(segs: readonly Seg[], mode: DeploymentMode): Mapping | null {
  const key = segs.map(String).join('.');
  const fixed = FIXED[key];
  if (fixed) return fixed;
  const [a, b, c] = segs;
  if (a === 'storage' && b === 'lifecycle') return plain('storage', 'lifecycle');
  if (a === 'targets' && typeof b === 'string') return plain('targets', b);
  if (a === 'compute' && b === 'spot' && typeof c === 'string' && segs.length === 3) {
    return targetSpec(mode, c) && MODES[mode].spot ? { writes: [f('compute', 'spot')], scalar: scalarAt(f('compute', 'spot', c)) } : plain('compute', 'spot');
  }
  if (a === 'compute' && b === 'perVcpu') return plain('compute', 'perVcpu');
  if (a === 'ingester') return plain('ingester');
  if (a === 'prices' && b === 'overrides' && typeof c === 'string') {
    return {
      writes: [f('priceOverrides', c)],
      scalar: {
        get: (s) => Number(s.priceOverrides[c]),
        set: (s, v) => void (s.priceOverrides[c] = v.toFixed(10).replace(/\.?0+$/, '')),
      },
    };
  }
  return null;
}

const prefixOf = (a: Seg[], b: Seg[]) => a.length <= b.length && a.every((s, i) => s === b[i]);

/** True when no two mappings write the same normalised field (or one inside another). */
export function disjoint(ms: readonly Mapping[]): boolean {
  for (let i = 0; i < ms.length; i++) {
    for (let j = i + 1; j < ms.length; j++) {
      for (const x of ms[i]!.writes) for (const y of ms[j]!.writes) if (prefixOf(x, y) || prefixOf(y, x)) return false;
    }
  }
  return true;
}

/** A deep copy of a normalised scenario that fast mappings may write into. */
export function workingCopy(s: Scenario): Scenario {
  return structuredClone(s);
}
