/**
 * Raw (validated) scenario -> Scenario with units normalised to bytes, seconds, days, vCPU, GiB.
 * Every error is a ScenarioError naming the file, the field path and the bad value.
 */
import { defaultName } from './source.js';
import { ModelLimitError, ScenarioError } from '../errors.js';
import { fmtBytes, fmtNum, fmtUsd } from '../model/format.js';
import { INSTANCE_TYPES, unknownInstanceType } from '../model/instances.js';
import { fmtLimit, LIMITS, OUTSIDE, within } from '../model/coverage.js';
import { recommendMode } from '../model/sizing.js';
import { MODES, TARGET_ROLES, targetsOf } from '../model/modes/index.js';
import { mapShares, targetsForName } from '../model/modes/switch.js';
import {
  COST_COMPONENTS,
  DEPLOYMENT_MODES,
  STORAGE_CLASSES,
  CATEGORIES,
  type Claim,
  type ClaimKey,
  type DeploymentMode,
  type LifecycleRule,
  type LokiLimits,
  type Scenario,
  type StorageClass,
  type TargetOverride,
} from '../model/types.js';
import { ALTERNATIVE_IDS } from '../model/alternatives.js';
import type { AlternativeId } from '../model/types.js';
import { DEFAULT_QUERY_BY_AGE, MIN_DAYS_BEFORE_TRANSITION } from '../model/storage.js';
import type { RawScenario } from './schema.js';
import { LOKI_FLUSH_DEFAULTS } from '../model/flush.js';
import { QUERY_DEFAULTS } from '../model/network.js';
import { parseQuantity, QuantityError, show, type Kind } from './units.js';

/** S3 lifecycle's supported transitions, the "waterfall": an object only moves to a later class. */
const WATERFALL: readonly StorageClass[] = ['STANDARD', 'STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'];

export function normalise(raw: RawScenario, file: string, baseline: Scenario | null): Scenario {
  const err = (path: string, msg: string) => new ScenarioError(file, path, msg);
  /** A valid value the model does not cover: named as such, never clamped. */
  const limit = (path: string, msg: string) => new ModelLimitError(`${file}: ${path}: ${OUTSIDE}: ${msg}`);
  const upTo = (v: number, max: number, path: string, what = '') => {
    if (v > max) throw limit(path, `${fmtLimit(v)}${what}; at most ${fmtNum(max)}${what}`);
    return v;
  };
  const q = (v: unknown, kind: Kind, path: string): number => {
    try {
      return parseQuantity(v, kind);
    } catch (e) {
      if (e instanceof QuantityError) throw err(path, e.message);
      throw e;
    }
  };
  const positive = (v: number, path: string, raw: unknown, what = 'must be greater than 0') => {
    if (!(v > 0)) throw err(path, `${what}, got ${show(raw)}`);
    return v;
  };
  const atLeast = (v: number, min: number, path: string) => {
    if (!(v >= min) || !Number.isFinite(v)) throw err(path, `must be at least ${min}, got ${show(v)}`);
    return v;
  };

  // ingest
  const ing = raw.ingest;
  let bytesPerSecond: number;
  let linesPerSecond: number | null = null;
  let avgLineBytes: number | null = null;
  if (ing.volume !== undefined) {
    if (ing.rate !== undefined || ing.avgLineSize !== undefined) {
      throw err('ingest', 'give either volume, or rate with avgLineSize, not both');
    }
    bytesPerSecond = positive(q(ing.volume, 'bytesPerSecond', 'ingest.volume'), 'ingest.volume', ing.volume);
  } else if (ing.rate !== undefined) {
    if (ing.avgLineSize === undefined) throw err('ingest.avgLineSize', 'is required with ingest.rate, e.g. 250 B');
    linesPerSecond = positive(q(ing.rate, 'linesPerSecond', 'ingest.rate'), 'ingest.rate', ing.rate);
    avgLineBytes = positive(q(ing.avgLineSize, 'bytes', 'ingest.avgLineSize'), 'ingest.avgLineSize', ing.avgLineSize);
    if (avgLineBytes < LIMITS.lineBytesMin) throw limit('ingest.avgLineSize', `${show(ing.avgLineSize)}; a line is at least ${LIMITS.lineBytesMin} byte`);
    bytesPerSecond = linesPerSecond * avgLineBytes;
  } else {
    throw err('ingest', 'needs volume (e.g. 1 TB/day) or rate with avgLineSize (e.g. 50000 lines/s and 250 B)');
  }
  const perDay = bytesPerSecond * 86400;
  const ingestPath = ing.volume !== undefined ? 'ingest.volume' : 'ingest.rate';
  if (!within(perDay, LIMITS.ingestBytesPerDay.min, LIMITS.ingestBytesPerDay.max)) {
    throw limit(ingestPath, `${fmtBytes(perDay, false)}/day of ingest; the model covers 1 GB/day to 1 PB/day`);
  }
  const peakFactor = upTo(atLeast(ing.peakFactor ?? 1, 1, 'ingest.peakFactor'), LIMITS.peakFactor, 'ingest.peakFactor', 'x');
  let streams: number | null = null;
  if (ing.streams !== undefined) {
    streams = typeof ing.streams === 'number' ? ing.streams : Number(String(ing.streams).replace(/[_,\s]/g, ''));
    if (!(Number.isInteger(streams) && streams > 0)) throw err('ingest.streams', `must be a whole number of active streams greater than 0, got ${show(ing.streams)}`);
    upTo(streams, LIMITS.activeStreams, 'ingest.streams', ' active streams');
  }
  const tenants = upTo(atLeast(ing.tenants ?? 1, 1, 'ingest.tenants'), LIMITS.tenants, 'ingest.tenants', ' tenants');
  if (!Number.isInteger(tenants)) throw err('ingest.tenants', `must be a whole number of tenants, got ${show(ing.tenants)}`);

  const retentionDays = positive(q(raw.retention, 'days', 'retention'), 'retention', raw.retention);
  if (!within(retentionDays, LIMITS.retentionDays.min, LIMITS.retentionDays.max)) {
    throw limit('retention', `${show(raw.retention)} (${fmtNum(retentionDays)} days); the model covers 1 day (Loki's compactor retains whole days) to 10 years`);
  }
  const hoursPerMonth = raw.hoursPerMonth ?? 730;
  if (!(hoursPerMonth >= 672 && hoursPerMonth <= 744)) {
    throw err('hoursPerMonth', `must be between 672 and 744 (28 to 31 days), got ${show(raw.hoursPerMonth)}`);
  }

  // deployment
  const d = raw.deployment ?? {};
  // omitted, the mode is `auto`: the one lokiplan recommends for the volume (README "mode: auto")
  let mode = (d.mode ?? 'auto') as DeploymentMode;
  let modeReason: string | null = null;
  if ((mode as string) === 'auto') {
    if (d.failureTolerance !== undefined) atLeast(d.failureTolerance, 0, 'deployment.failureTolerance');
    const r = recommendMode(bytesPerSecond * 86400, d.failureTolerance ?? 1);
    mode = r.mode;
    modeReason = d.mode === undefined ? `deployment.mode omitted (default auto); ${r.reason}` : r.reason;
  } else if (!DEPLOYMENT_MODES.includes(mode)) {
    throw err('deployment.mode', `unknown mode ${show(d.mode)}; one of ${DEPLOYMENT_MODES.join(', ')}, auto`);
  }
  const spec = MODES[mode];
  const mono = spec.objectStore === 'filesystem';
  const replicationFactor = d.replicationFactor ?? spec.defaults.replicationFactor;
  if (spec.requiredReplicationFactor !== null && replicationFactor !== spec.requiredReplicationFactor) {
    throw err('deployment.replicationFactor', `${mode} mode runs one binary with replication factor ${spec.requiredReplicationFactor}, got ${replicationFactor}`);
  }
  upTo(atLeast(replicationFactor, 1, 'deployment.replicationFactor'), LIMITS.replicasPerTarget, 'deployment.replicationFactor');
  const zones = atLeast(d.zones ?? spec.defaults.zones, 1, 'deployment.zones');
  if (zones > 6) throw err('deployment.zones', `at most 6 availability zones, got ${zones}`);
  const failureTolerance = upTo(
    atLeast(d.failureTolerance ?? spec.defaults.failureTolerance, 0, 'deployment.failureTolerance'),
    LIMITS.replicasPerTarget,
    'deployment.failureTolerance',
  );

  // storage
  const st = raw.storage ?? {};
  const compressionRatio = positive(st.compressionRatio ?? 5, 'storage.compressionRatio', st.compressionRatio);
  if (!within(compressionRatio, LIMITS.compressionRatio.min, LIMITS.compressionRatio.max)) {
    throw limit('storage.compressionRatio', `${fmtNum(compressionRatio)} raw bytes per stored byte; the model covers 1 to 100 (Loki docs: 5-10)`);
  }
  // omitted: derived from how Loki cuts and dedupes the chunks (src/model/flush.ts)
  const storedCopies = st.storedCopies === undefined ? null : atLeast(st.storedCopies, 1, 'storage.storedCopies');
  if (!mono && storedCopies !== null && storedCopies > replicationFactor) {
    throw err('storage.storedCopies', `cannot exceed the replication factor ${replicationFactor}, got ${storedCopies}`);
  }
  const chunkBytes = positive(q(st.chunkSize ?? '1.5 MB', 'bytes', 'storage.chunkSize'), 'storage.chunkSize', st.chunkSize);
  if (!within(chunkBytes, LIMITS.chunkBytes.min, LIMITS.chunkBytes.max)) {
    throw limit('storage.chunkSize', `${show(st.chunkSize)}; the model covers 1 KiB to 5 GiB (S3's largest single PUT)`);
  }
  const lifecycle = (st.lifecycle ?? [{ after: '0 days', class: 'STANDARD' }]).map((r, i): LifecycleRule => {
    const path = `storage.lifecycle[${i}]`;
    const afterDays = q(r.after, 'days', `${path}.after`);
    if (afterDays < 0) throw err(`${path}.after`, `must not be negative, got ${show(r.after)}`);
    if (r.action === 'delete') {
      if (r.class !== undefined) throw err(path, 'give either class or action: delete, not both');
      return { afterDays, action: 'delete' };
    }
    if (r.class === undefined) throw err(path, 'needs class (e.g. STANDARD) or action: delete');
    if (!STORAGE_CLASSES.includes(r.class as StorageClass)) {
      throw err(`${path}.class`, `unknown storage class ${show(r.class)}; one of ${STORAGE_CLASSES.join(', ')}`);
    }
    return { afterDays, class: r.class as StorageClass };
  });
  lifecycle.forEach((r, i) => {
    const prev = lifecycle[i - 1];
    if (prev && r.afterDays <= prev.afterDays) {
      throw err(`storage.lifecycle[${i}].after`, `must be later than the rule before it (${prev.afterDays} days)`);
    }
    if (prev && 'action' in prev) throw err(`storage.lifecycle[${i}]`, 'comes after a delete rule and can never apply');
    const from = prev && 'class' in prev ? prev : undefined;
    if (from && 'class' in r && WATERFALL.indexOf(r.class) <= WATERFALL.indexOf(from.class)) {
      throw err(
        `storage.lifecycle[${i}].class`,
        `S3 lifecycle cannot move objects from ${from.class} to ${r.class}: transitions only go down ${WATERFALL.join(' > ')}`,
      );
    }
  });
  if (lifecycle.length === 0 || lifecycle[0]!.afterDays !== 0 || 'action' in lifecycle[0]!) {
    throw err('storage.lifecycle[0]', 'must place new objects in a storage class at 0 days');
  }
  lifecycle.forEach((r, i) => {
    const min = 'class' in r ? MIN_DAYS_BEFORE_TRANSITION[r.class] : undefined;
    if (i > 0 && min !== undefined && r.afterDays < min && 'class' in r) {
      throw err(
        `storage.lifecycle[${i}].after`,
        `S3 lifecycle refuses a transition to ${r.class} before ${min} days (AWS S3 User Guide, lifecycle transition constraints: "Before you transition objects to S3 Standard-IA or S3 One Zone-IA, you must store them for at least 30 days"), got ${show(st.lifecycle![i]!.after)}; set it to at least ${min} days`,
      );
    }
  });
  let transitionMinimum: Scenario['storage']['transitionMinimum'] = { kind: 'all_storage_classes_128K' };
  const tm = st.transitionMinimumObjectSize;
  if (tm === 'all_storage_classes_128K' || tm === 'varies_by_storage_class') transitionMinimum = { kind: tm };
  else if (tm !== undefined) {
    const bytes = q(tm, 'bytes', 'storage.transitionMinimumObjectSize');
    if (!(bytes >= 0) || !Number.isFinite(bytes)) throw err('storage.transitionMinimumObjectSize', `must be all_storage_classes_128K, varies_by_storage_class or a size of 0 B or more, got ${show(tm)}`);
    transitionMinimum = { kind: 'object-size-greater-than', bytes };
  }

  // query
  const qu = raw.query ?? {};
  const scannedBytesPerDay = q(qu.scannedPerDay ?? '0 B', 'bytes', 'query.scannedPerDay');
  if (scannedBytesPerDay < 0) throw err('query.scannedPerDay', `must not be negative, got ${show(qu.scannedPerDay)}`);
  upTo(scannedBytesPerDay, LIMITS.scannedBytesPerDay, 'query.scannedPerDay', ' B/day');
  const queryPeak = upTo(atLeast(qu.peakFactor ?? 1, 1, 'query.peakFactor'), LIMITS.peakFactor, 'query.peakFactor', 'x');
  const share = (v: unknown, def: number, path: string) => {
    const f = v === undefined ? def : q(v, 'fraction', path);
    if (!(f >= 0 && f <= 1)) throw err(path, `must be between 0% and 100%, got ${show(v)}`);
    return f;
  };
  const ingesterShare = share(qu.ingesterShare, QUERY_DEFAULTS.ingesterShare, 'query.ingesterShare');
  const selectivity = share(qu.selectivity, QUERY_DEFAULTS.selectivity, 'query.selectivity');
  const rulerScannedBytesPerDay = qu.rulerScannedPerDay === undefined ? null : q(qu.rulerScannedPerDay, 'bytes', 'query.rulerScannedPerDay');
  if (rulerScannedBytesPerDay !== null && !(rulerScannedBytesPerDay >= 0)) throw err('query.rulerScannedPerDay', `must not be negative, got ${show(qu.rulerScannedPerDay)}`);
  if (rulerScannedBytesPerDay !== null) upTo(rulerScannedBytesPerDay, LIMITS.scannedBytesPerDay, 'query.rulerScannedPerDay', ' B/day');

  // network levers
  const n = raw.network ?? {};
  if (n.zoneAwareReplication === true && !MODES[mode].zoneAwareIngesters) {
    throw err('network.zoneAwareReplication', `the Helm chart has no zone-aware ingesters in ${mode} mode (only ${DEPLOYMENT_MODES.filter((m) => MODES[m].zoneAwareIngesters).join(', ')}); change deployment.mode or remove the field`);
  }
  if (n.zoneAwareReplication === true && zones < replicationFactor) {
    throw err('network.zoneAwareReplication', `needs at least as many zones as the replication factor ${replicationFactor}, got ${zones} zones`);
  }
  const network: Scenario['network'] = {
    sameZoneRouting: n.sameZoneRouting ?? false,
    grpcCompression: n.grpcCompression ?? 'none',
    loadBalancerCrossZone: n.loadBalancerCrossZone ?? false,
    s3: n.s3 ?? 'gateway-endpoint',
    zoneAwareReplication: n.zoneAwareReplication ?? null,
  };

  // ingester flush settings (Loki's defaults)
  const ig = raw.ingester ?? {};
  const D = LOKI_FLUSH_DEFAULTS;
  const dur = (v: unknown, def: number, path: string, min: number) => {
    const sec = v === undefined ? def : lokiDuration(v, (m) => err(path, m), (x) => q(x, 'days', path) * 86400);
    if (!(sec >= min) || !Number.isFinite(sec)) throw err(path, `must be at least ${min} s, got ${show(v)}`);
    return sec;
  };
  const ingester: Scenario['ingester'] = {
    chunkIdlePeriodSeconds: dur(ig.chunkIdlePeriod, D.chunkIdlePeriodSeconds, 'ingester.chunkIdlePeriod', 1),
    maxChunkAgeSeconds: dur(ig.maxChunkAge, D.maxChunkAgeSeconds, 'ingester.maxChunkAge', 1),
    chunkBlockBytes: ig.chunkBlockSize === undefined ? D.chunkBlockBytes : positive(lokiBytes(ig.chunkBlockSize as number | string, (m) => err('ingester.chunkBlockSize', m)), 'ingester.chunkBlockSize', ig.chunkBlockSize),
    chunkEncoding: ig.chunkEncoding ?? D.chunkEncoding,
    syncPeriodSeconds: dur(ig.syncPeriod, D.syncPeriodSeconds, 'ingester.syncPeriod', 0),
    syncMinUtilization: share(ig.syncMinUtilization, D.syncMinUtilization, 'ingester.syncMinUtilization'),
    walReplayMemoryCeilingBytes:
      ig.walReplayMemoryCeiling === undefined ? D.walReplayMemoryCeilingBytes : positive(lokiBytes(ig.walReplayMemoryCeiling as number | string, (m) => err('ingester.walReplayMemoryCeiling', m)), 'ingester.walReplayMemoryCeiling', ig.walReplayMemoryCeiling),
    walCheckpointSeconds: dur(ig.walCheckpointDuration, D.walCheckpointSeconds, 'ingester.walCheckpointDuration', 1),
  };
  const au = raw.audit ?? {};
  const audit: Scenario['audit'] = { cloudTrailDataEvents: au.cloudTrailDataEvents ?? false, s3AccessLogs: au.s3AccessLogs ?? false, encryption: au.encryption ?? 'sse-s3' };
  let byAge: Scenario['query']['byAge'] = DEFAULT_QUERY_BY_AGE;
  if (qu.byAge !== undefined) {
    if (qu.byAge.length === 0) throw err('query.byAge', 'must list at least one band, e.g. [{ upTo: 1 day, share: 100% }]');
    let from = 0;
    let sum = 0;
    byAge = qu.byAge.map((b, i) => {
      const path = `query.byAge[${i}]`;
      const share = q(b.share, 'fraction', `${path}.share`);
      if (!(share >= 0 && share <= 1)) throw err(`${path}.share`, `must be between 0% and 100%, got ${show(b.share)}`);
      sum += share;
      let to: number | null = null;
      if (b.upTo !== undefined) {
        to = q(b.upTo, 'days', `${path}.upTo`);
        if (!(to > from)) throw err(`${path}.upTo`, `must be later than the band before it (${fmtNum(from)} days), got ${show(b.upTo)}`);
      } else if (i !== qu.byAge!.length - 1) throw err(`${path}.upTo`, 'is required on every band but the last (the last may run to the end of the objects\' life)');
      const band = { fromDays: from, toDays: to, share };
      from = to ?? from;
      return band;
    });
    if (Math.abs(sum - 1) > 1e-9) throw err('query.byAge', `shares must add up to 100%, got ${fmtNum(sum * 100)}%`);
  }

  // targets
  const known = targetsOf(mode);
  // a name that is not one of this mode's targets may be a mode-neutral role (write, read, backend,
  // gateway, cache) or another mode's target: it reaches the targets whose main role it is (docs/design.md, "Mode-neutral names")
  const reach = (path: string, name: string): string[] => {
    const r = targetsForName(mode, name);
    if (r === null) {
      throw err(path, `unknown target for ${mode} mode${d.mode === 'auto' ? ' (chosen by mode: auto)' : ''}; one of ${known.join(', ')}, or a role: ${TARGET_ROLES.join(', ')}`);
    }
    return r;
  };
  // a setting whose name reaches no target of the mode takes no effect: the plan says so (issue 24)
  const unapplied: string[] = [];
  const noTarget = (path: string, name: string) =>
    `${path}: ${mode}${d.mode === 'auto' || d.mode === undefined ? ' (chosen by mode: auto)' : ''} has no ${name} target (its targets: ${known.join(', ')}), so it applies to nothing`;
  const targets: Record<string, TargetOverride> = {};
  const byRole: [string[], TargetOverride][] = [];
  for (const [name, t] of Object.entries(raw.targets ?? {})) {
    const path = `targets.${name}`;
    const reached = reach(path, name);
    const o: TargetOverride = {};
    if (t.replicas !== undefined) o.replicas = upTo(atLeast(t.replicas, 0, `${path}.replicas`), LIMITS.replicasPerTarget, `${path}.replicas`);
    for (const side of ['requests', 'limits'] as const) {
      const r = t[side];
      if (!r) continue;
      o[side] = {};
      if (r.cpu !== undefined) {
        const cpu = q(r.cpu, 'cpu', `${path}.${side}.cpu`);
        // Kubernetes' smallest CPU unit is 1m (0.001 CPU)
        if (!(cpu >= 0.001)) throw err(`${path}.${side}.cpu`, `must be at least 1m (0.001 CPU), got ${show(r.cpu)}`);
        o[side].cpu = upTo(cpu, LIMITS.podCpu, `${path}.${side}.cpu`, ' CPU');
      }
      if (r.memory !== undefined) {
        const mem = positive(q(r.memory, 'memoryGiB', `${path}.${side}.memory`), `${path}.${side}.memory`, r.memory);
        o[side].memoryGiB = upTo(mem, LIMITS.podMemoryGiB, `${path}.${side}.memory`, ' GiB');
      }
    }
    if (t.volume !== undefined) o.volumeGiB = q(t.volume, 'bytes', `${path}.volume`) / 2 ** 30;
    if (o.volumeGiB !== undefined && o.volumeGiB < 0) throw err(`${path}.volume`, `must not be negative, got ${show(t.volume)}`);
    if (o.volumeGiB !== undefined) upTo(o.volumeGiB, LIMITS.gp3MaxGiB, `${path}.volume`, ' GiB (gp3 maximum)');
    if (reached.length === 0) unapplied.push(noTarget(path, name));
    if (known.includes(name)) targets[name] = o;
    // by role: the pod (requests, limits) carries over; replicas and volumes are each target's own sizing
    else byRole.push([reached, { ...(o.requests ? { requests: o.requests } : {}), ...(o.limits ? { limits: o.limits } : {}) }]);
  }
  for (const [names, o] of byRole) for (const n of names) if (!(n in targets) && (o.requests || o.limits)) targets[n] = o;

  // compute
  const c = raw.compute ?? {};
  const instanceTypes = c.instanceTypes ?? ['m7i.xlarge', 'm7i.2xlarge', 'm7g.xlarge'];
  if (instanceTypes.length === 0) throw err('compute.instanceTypes', 'must list at least one instance type');
  instanceTypes.forEach((t, i) => {
    if (!INSTANCE_TYPES.has(t)) {
      throw err(`compute.instanceTypes[${i}]`, unknownInstanceType(String(t)).replace(/^unknown instance type \S+: /, `unknown instance type ${show(t)}: `));
    }
  });
  const shares = (field: 'spot' | 'committed'): Record<string, number> => {
    const named: Record<string, number> = {};
    for (const [name, v] of Object.entries(c[field] ?? {})) {
      const path = `compute.${field}.${name}`;
      const reached = reach(path, name);
      const f = q(v, 'fraction', path);
      if (!(f >= 0 && f <= 1)) throw err(path, `must be between 0% and 100%, got ${show(v)}`);
      if (f > 0 && reached.length === 0) unapplied.push(noTarget(path, name));
      else if (f > 0 && field === 'spot' && !MODES[mode].spot) unapplied.push(`${path}: ${mode} runs no replicas on spot, so the share applies to nothing`);
      named[name] = f;
    }
    return mapShares(mode, named);
  };
  const spot = shares('spot');
  const committed = shares('committed');
  for (const [name, f] of Object.entries(committed)) {
    if (f + (spot[name] ?? 0) > 1 + 1e-9) throw err(`compute.committed.${name}`, `spot and committed shares of ${name} add up to more than 100%`);
  }
  const nodeRootVolumeGiB = q(c.nodeRootVolume ?? '20 GiB', 'bytes', 'compute.nodeRootVolume') / 2 ** 30;
  if (nodeRootVolumeGiB < 0) throw err('compute.nodeRootVolume', `must not be negative, got ${show(c.nodeRootVolume)}`);
  upTo(nodeRootVolumeGiB, LIMITS.gp3MaxGiB, 'compute.nodeRootVolume', ' GiB (gp3 maximum)');

  // platform
  const p = raw.platform ?? {};
  const eksClusterShare = q(p.eksClusterShare ?? 0, 'fraction', 'platform.eksClusterShare');
  if (!(eksClusterShare >= 0 && eksClusterShare <= 1)) {
    throw err('platform.eksClusterShare', `must be between 0% and 100%, got ${show(p.eksClusterShare)}`);
  }

  const pushCompressionRatio = p.pushCompressionRatio ?? null;
  if (pushCompressionRatio !== null && (!(pushCompressionRatio >= 1) || !within(pushCompressionRatio, 1, LIMITS.compressionRatio.max))) {
    throw err('platform.pushCompressionRatio', `must be between 1 and ${LIMITS.compressionRatio.max} (raw bytes per byte of snappy-compressed push body), got ${show(p.pushCompressionRatio)}`);
  }

  // omit
  // component:target by a target of this mode, or by a role / another mode's target (mapped onto this mode's, possibly none)
  const omit = (raw.omit ?? []).flatMap((o, i) => {
    const [comp, tgt] = o.split(':');
    const reached = tgt === undefined ? null : targetsForName(mode, tgt);
    if (!COST_COMPONENTS.includes(comp as never) || (tgt !== undefined && reached === null)) {
      throw err(`omit[${i}]`, `unknown cost component ${show(o)}; one of ${COST_COMPONENTS.join(', ')} (optionally component:target)`);
    }
    if (reached !== null && reached.length === 0) unapplied.push(noTarget(`omit[${i}] (${o})`, tgt!));
    return reached === null ? [o] : reached.map((t) => `${comp}:${t}`);
  });

  // prices
  const priceOverrides: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.prices?.overrides ?? {})) {
    const s = typeof v === 'number' ? String(v) : v.trim();
    if (!/^\d+(\.\d+)?$/.test(s) || !(Number(s) > 0) || !Number.isFinite(Number(s))) {
      throw err(`prices.overrides.${k}`, `must be a positive decimal price in USD, got ${show(v)}`);
    }
    priceOverrides[k] = s;
  }

  // claims
  const claims: Partial<Record<ClaimKey, Claim>> = {};
  const claimKeys: readonly string[] = ['total', 'baselineTotal', ...CATEGORIES];
  for (const [k, v] of Object.entries(raw.claims ?? {})) {
    const path = `claims.${k}`;
    if (!claimKeys.includes(k)) throw err(path, `unknown claim; one of ${claimKeys.join(', ')}`);
    claims[k as ClaimKey] = parseClaim(v, (m) => err(path, m));
  }

  // limits_config
  const limits: Scenario['limits'] = { basis: 'planned', values: {} };
  if (raw.limits === 'loki-defaults') limits.basis = 'loki-defaults';
  else if (raw.limits !== undefined && raw.limits !== 'planned') {
    limits.basis = 'scenario';
    const l = raw.limits;
    const v: Partial<LokiLimits> = limits.values;
    if (l.ingestion_rate_mb !== undefined) v.ingestionRateMB = upTo(positive(l.ingestion_rate_mb, 'limits.ingestion_rate_mb', l.ingestion_rate_mb), LIMITS.lokiRateMB, 'limits.ingestion_rate_mb', ' MB/s');
    if (l.ingestion_burst_size_mb !== undefined) v.ingestionBurstSizeMB = upTo(positive(l.ingestion_burst_size_mb, 'limits.ingestion_burst_size_mb', l.ingestion_burst_size_mb), LIMITS.lokiRateMB, 'limits.ingestion_burst_size_mb', ' MB');
    if (l.per_stream_rate_limit !== undefined) v.perStreamRateLimitBytes = upTo(positive(lokiBytes(l.per_stream_rate_limit, (m) => err('limits.per_stream_rate_limit', m)), 'limits.per_stream_rate_limit', l.per_stream_rate_limit), LIMITS.lokiStreamRateBytes, 'limits.per_stream_rate_limit', ' bytes/s');
    if (l.max_global_streams_per_user !== undefined) v.maxGlobalStreamsPerUser = upTo(positive(l.max_global_streams_per_user, 'limits.max_global_streams_per_user', l.max_global_streams_per_user), LIMITS.activeStreams, 'limits.max_global_streams_per_user', ' streams');
  }

  const alternatives = alternativesSettings(raw.alternatives, q, err);

  return {
    name: raw.name ?? defaultName(file), // fromDocument fills it; a caller of normalise alone gets the same default
    file,
    region: raw.region,
    hoursPerMonth,
    ingest: { bytesPerSecond, linesPerSecond, avgLineBytes, peakFactor, streams, tenants },
    retentionDays,
    storage: { compressionRatio, storedCopies, chunkBytes, lifecycle, billingGigabyte: st.billingGigabyte ?? 'GiB', transitionMinimum },
    query: { scannedBytesPerDay, peakFactor: queryPeak, ingesterShare, selectivity, rulerScannedBytesPerDay, byAge },
    deployment: { mode, replicationFactor, zones, failureTolerance, chunksCache: d.chunksCache ?? true, modeReason },
    limits,
    targets,
    compute: {
      pricing: c.pricing ?? 'nodes',
      instanceTypes,
      instanceSizes: c.instanceSizes ?? 'family',
      spot,
      committed,
      perVcpu: { basis: c.perVcpu?.basis ?? 'requests', memory: c.perVcpu?.memory ?? false },
      nodeRootVolumeGiB,
    },
    platform: { eksClusterShare, loadBalancer: p.loadBalancer ?? 'none', pushCompressionRatio },
    network,
    ingester,
    audit,
    billing: raw.billing ? { accountId: raw.billing.accountId, accountName: raw.billing.accountName } : null,
    omit,
    priceOverrides,
    claims,
    baseline,
    alternatives,
    ...(unapplied.length ? { unapplied } : {}),
  };
}

/** Defaults of `alternatives:` (each a named assumption in the alternatives' output). */
export const ALTERNATIVE_DEFAULTS = {
  /** bytes per log event when the scenario gives no line rate or size */
  eventBytes: 250,
  /** raw bytes/s one OpenSearch Serverless indexing OCU indexes: a lokiplan estimate (AWS publishes none) */
  ocuIndexingBytesPerSecond: 2 * 2 ** 20,
  /** days of data an OpenSearch Serverless time-series collection keeps hot on its search OCUs */
  hotDays: 1,
} as const;

function alternativesSettings(
  raw: RawScenario['alternatives'],
  q: (v: unknown, kind: Kind, path: string) => number,
  err: (path: string, msg: string) => Error,
): Scenario['alternatives'] {
  if (raw === undefined || (raw.include !== undefined && raw.include.length === 0)) return null;
  const a = raw;
  const pos = (v: number, path: string, rawV: unknown) => {
    if (!(v > 0) || !Number.isFinite(v)) throw err(path, `must be greater than 0, got ${show(rawV)}`);
    return v;
  };
  // an event is at least one byte: smaller ones multiply per-event prices past any real bill
  const atLeastOneByte = (v: number, path: string, rawV: unknown) => {
    if (v < LIMITS.lineBytesMin) throw err(path, `${OUTSIDE}: must be at least ${LIMITS.lineBytesMin} byte, got ${show(rawV)}`);
    return v;
  };
  const quotes: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.quotes ?? {})) {
    const s = typeof v === 'number' ? String(v) : v.trim();
    if (!/^\d+(\.\d+)?$/.test(s) || !(Number(s) > 0)) throw err(`alternatives.quotes.${k}`, `must be a positive decimal price in USD, got ${show(v)}`);
    // a unit price a bill can hold: up to $1e9 (the model's monthly limit), to 10 decimal places
    if (!/^\d{1,10}(\.\d{1,10})?$/.test(s) || Number(s) > LIMITS.monthlyUsd) throw err(`alternatives.quotes.${k}`, `${OUTSIDE}: a quote is a unit price of at most ${fmtUsd(LIMITS.monthlyUsd)} with at most 10 decimal places`);
    quotes[k] = s;
  }
  const twice = (a.include ?? []).find((id, i, all) => all.indexOf(id) !== i);
  if (twice) throw err('alternatives.include', `${twice} is listed twice`);
  return {
    include: (a.include as AlternativeId[] | undefined) ?? ALTERNATIVE_IDS,
    compressionRatio: a.compressionRatio === undefined ? null : pos(a.compressionRatio, 'alternatives.compressionRatio', a.compressionRatio),
    eventBytes: a.eventSize === undefined ? ALTERNATIVE_DEFAULTS.eventBytes : atLeastOneByte(pos(q(a.eventSize, 'bytes', 'alternatives.eventSize'), 'alternatives.eventSize', a.eventSize), 'alternatives.eventSize', a.eventSize),
    ocuIndexingBytesPerSecond:
      a.ocuIndexingRate === undefined ? ALTERNATIVE_DEFAULTS.ocuIndexingBytesPerSecond : pos(q(a.ocuIndexingRate, 'bytesPerSecond', 'alternatives.ocuIndexingRate'), 'alternatives.ocuIndexingRate', a.ocuIndexingRate),
    hotDays: a.hotDays === undefined ? ALTERNATIVE_DEFAULTS.hotDays : pos(q(a.hotDays, 'days', 'alternatives.hotDays'), 'alternatives.hotDays', a.hotDays),
    quotes,
  };
}

function parseClaim(v: number | string, fail: (m: string) => Error): Claim {
  const c = parseClaimRange(v, fail);
  if (c.high > LIMITS.monthlyUsd) throw fail(`must be at most ${fmtUsd(LIMITS.monthlyUsd)} a month, got ${show(v)}`);
  return c;
}

function parseClaimRange(v: number | string, fail: (m: string) => Error): Claim {
  if (typeof v === 'number') {
    if (!(v >= 0) || !Number.isFinite(v)) throw fail(`must be a non-negative amount in USD, got ${show(v)}`);
    return { low: v, high: v };
  }
  const m = /^\s*\$?(\d+(?:\.\d+)?)\s*(?:\.\.\s*\$?(\d+(?:\.\d+)?))?\s*$/.exec(v);
  if (!m) throw fail(`must be an amount (931) or a range (641..931), got ${show(v)}`);
  const low = Number(m[1]);
  const high = m[2] === undefined ? low : Number(m[2]);
  if (!Number.isFinite(high)) throw fail(`must be an amount in USD, got ${show(v)}`);
  if (high < low) throw fail(`range is inverted, got ${show(v)}`);
  return { low, high };
}

/** A duration as Loki writes it (30m, 2h, 90s, 1h30m), or a quantity such as '30 minutes'; seconds. */
export function lokiDuration(v: unknown, fail: (m: string) => Error, quantity: (v: unknown) => number): number {
  if (typeof v === 'string' && /^\s*(\d+(\.\d+)?(ms|s|m|h|d))+\s*$/.test(v)) {
    const mult: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
    let sec = 0;
    for (const m of v.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) sec += Number(m[1]) * mult[m[2]!]!;
    return sec;
  }
  if (typeof v === 'number') throw fail(`needs a unit, e.g. 30m or 2h, got ${show(v)}`);
  return quantity(v);
}

/**
 * A byte size as Loki reads it (flagext.ByteSize): KB, MB, GB are binary (2^10, 2^20, 2^30), as
 * in `per_stream_rate_limit: 3MB`; a bare number is bytes.
 */
export function lokiBytes(v: number | string, fail: (m: string) => Error): number {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(v);
  if (!m) throw fail(`must be a size such as 3MB (Loki reads MB as 2^20 bytes), got ${show(v)}`);
  const exp = ' kmgt'.indexOf((m[2] || ' ').toLowerCase());
  return Number(m[1]) * 1024 ** exp;
}
