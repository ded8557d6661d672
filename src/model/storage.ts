/**
 * S3 at steady state: GB in each class by object age under the lifecycle and Loki's retention,
 * minimum-duration charges, object count, PUT/GET/transition requests and Intelligent-Tiering
 * monitoring. A steady-state GB is also the GB-months billed per month.
 */
import { chunkRegime, chunksCacheOn, flushPlan, flushText, S3_PUTS_PER_PREFIX } from './flush.js';
import { fmtNum } from './format.js';
import type { BucketPlan, LifecyclePlan, LifecycleRule, LifecycleTransition, Scenario, StorageClass, StoragePlan, StorageSegment, Warning, Workload } from './types.js';

/** Minimum storage duration in days (AWS S3 pricing page). */
export const MIN_DAYS: Partial<Record<StorageClass, number>> = {
  STANDARD_IA: 30,
  GLACIER_IR: 90,
  GLACIER: 90,
  DEEP_ARCHIVE: 180,
};
/** Minimum billable object size, bytes. */
export const MIN_OBJECT_BYTES: Partial<Record<StorageClass, number>> = { STANDARD_IA: 128 * 1024, GLACIER_IR: 128 * 1024 };
/** Intelligent-Tiering: objects move to Infrequent after 30 days without access, to Archive Instant after 90. */
export const IT_IA_AFTER = 30;
export const IT_AIA_AFTER = 90;
export const IT_MIN_MONITORED_BYTES = 128 * 1024;
/** Classes whose objects cannot be read without a restore. */
export const NOT_QUERYABLE: readonly StorageClass[] = ['GLACIER', 'DEEP_ARCHIVE'];
/**
 * Lifecycle transitions AWS refuses or skips, and what archived objects cost beyond their bytes.
 * Sources: AWS S3 User Guide, "Transitioning objects using Amazon S3 Lifecycle" (constraints) and
 * "Lifecycle configuration elements" (transition_default_minimum_object_size, September 2024);
 * S3 pricing page (Glacier Flexible Retrieval and Deep Archive: 40 KB of overhead per object).
 */
export const S3_LIFECYCLE_SOURCE =
  'AWS S3 User Guide: https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html (30 days before Standard-IA / One Zone-IA; objects under 128 KB not transitioned by default since September 2024, transition_default_minimum_object_size); https://aws.amazon.com/s3/pricing/ (40 KB per archived object: 32 KB at the Glacier rate, 8 KB at Standard)';
/** Days an object must be stored before a lifecycle transition into these classes (AWS refuses fewer). */
export const MIN_DAYS_BEFORE_TRANSITION: Partial<Record<StorageClass, number>> = { STANDARD_IA: 30 };
/** Objects smaller than this do not transition by default (transition_default_minimum_object_size all_storage_classes_128K). */
export const TRANSITION_MIN_OBJECT_BYTES = 128 * 1024;
/** Classes that take objects under 128 KB with varies_by_storage_class. */
const SMALL_OBJECT_CLASSES: readonly StorageClass[] = ['GLACIER', 'DEEP_ARCHIVE'];
/** Per-object overhead of an archived object: index and metadata at the class's rate, name and metadata at Standard's. */
export const ARCHIVE_OVERHEAD_BYTES = { atClass: 32 * 1024, atStandard: 8 * 1024 } as const;
export const ARCHIVED: readonly StorageClass[] = ['GLACIER', 'DEEP_ARCHIVE'];
/** Classes whose reads pay a retrieval fee per GB and their own GET price. */
export const RETRIEVAL_CLASSES: readonly StorageClass[] = ['STANDARD_IA', 'GLACIER_IR'];

/** Default share of queries by object age: every query reads the last day (Loki's typical dashboards and alerts). */
export const DEFAULT_QUERY_BY_AGE: Scenario['query']['byAge'] = Object.freeze([Object.freeze({ fromDays: 0, toDays: 1, share: 1 })]) as unknown as Scenario['query']['byAge'];

/** Does an object of `bytes` transition into `cls` under the bucket's minimum transition size? */
export function transitions(min: Scenario['storage']['transitionMinimum'], cls: StorageClass, bytes: number): boolean {
  if (min.kind === 'object-size-greater-than') return bytes > min.bytes;
  if (min.kind === 'varies_by_storage_class' && SMALL_OBJECT_CLASSES.includes(cls)) return true;
  return bytes >= TRANSITION_MIN_OBJECT_BYTES;
}

/** The storage class a segment bills under (Intelligent-Tiering's access tiers are one class). */
export const classOf = (seg: StorageSegment['class']): StorageClass => (seg.startsWith('INTELLIGENT_TIERING') ? 'INTELLIGENT_TIERING' : (seg as StorageClass));

/** TSDB index files uploaded per ingester per day (head rotated every 15 minutes). */
export const INDEX_UPLOADS_PER_INGESTER_DAY = 96;
/** TSDB shipper resync_interval 5m (index gateways, rulers, queriers) and compactor compaction_interval 10m (Loki configuration.md). */
export const INDEX_SYNCS_PER_DAY = 288;
export const COMPACTIONS_PER_DAY = 144;

export function gbBytes(s: Scenario): number {
  return s.storage.billingGigabyte === 'GB' ? 1e9 : 2 ** 30;
}

/**
 * Loki's compactor deletes a chunk past retention after retention_delete_delay (default 2h) on its
 * next run (compaction_interval, default 10m): grafana/loki v3.7.6 pkg/compactor/config.go.
 */
export const COMPACTOR_DELETE_DELAY_HOURS = 2;
export const COMPACTION_INTERVAL_HOURS = 10 / 60;
export const COMPACTOR_SOURCE = 'grafana/loki v3.7.6 pkg/compactor/config.go';
/**
 * Loki's S3 client writes every object with one PutObject (grafana/loki v3.7.6
 * pkg/storage/chunk/client/aws/s3_storage_client.go), so no multipart upload is expected: one left
 * by another client is aborted after a day (not priced).
 */
export const ABORT_MULTIPART_DAYS = 1;

/** The bucket settings a plan prices, from the scenario and the lifecycle storage() priced (null: no bucket). */
export function bucketOf(s: Scenario, lifecycle: LifecyclePlan | null): BucketPlan {
  return {
    lifecycle,
    encryption: s.audit.encryption,
    path: s.network.s3,
    cloudTrailDataEvents: s.audit.cloudTrailDataEvents,
    accessLogDays: s.audit.s3AccessLogs ? Math.max(1, Math.ceil(s.retentionDays)) : null,
  };
}

/** Storage with no objects (chunks on a filesystem): `s` gives the bucket settings the audit lines read. */
export function emptyStorage(s: Scenario): StoragePlan {
  return {
    lifeDays: 0,
    bucket: bucketOf(s, null),
    segments: [],
    gbMonthsByClass: {},
    earlyDeletionGbMonths: {},
    objects: 0,
    objectsPerDay: 0,
    putsPerMonth: 0,
    indexPutsPerMonth: 0,
    getsPerMonth: 0,
    transitionsPerMonth: {},
    reads: [],
    archiveOverhead: [],
    monitoredObjects: 0,
    totalGb: 0,
    objectBytes: 0,
    listsPerMonth: 0,
    flush: null,
    chunks: null,
  };
}

/**
 * `indexSyncers`: replicas that sync the TSDB index from S3 (index gateways, rulers, backend or
 * single-binary pods); `compactors`: replicas running the compactor.
 */
export function storage(s: Scenario, w: Workload, ingesters: number, warnings: Warning[], indexSyncers = 0, compactors = 0): StoragePlan {
  const gb = gbBytes(s);
  const rules = s.storage.lifecycle;
  const del = rules.find((r): r is Extract<LifecycleRule, { action: 'delete' }> => 'action' in r);
  const lifeDays = Math.min(s.retentionDays, del ? del.afterDays : Infinity);
  const daily = w.storedBytesPerDay;
  // how Loki cuts, dedupes and stores the chunks (without active streams: every stream assumed to fill its chunks)
  const regime = chunkRegime(s, chunksCacheOn(s));
  const fp = flushPlan(s, w, ingesters, regime);
  const chunk = regime.meanObjectBytes;
  const objectsPerDay = regime.objectsPerDay;
  const plan = emptyStorage(s);
  plan.flush = fp;
  plan.chunks = regime;
  plan.objectBytes = chunk;
  if (fp && chunk < regime.fullChunkBytes / 2) {
    warnings.push({
      code: 'small-chunks',
      message: `${flushText(fp, s)}: ${fmtNum(objectsPerDay)} objects a day, ${fmtNum(regime.fullChunkBytes / chunk)}x as many PUTs as full chunks; fewer streams (fewer label values) or a longer max_chunk_age fill chunks (Loki docs: "try your best to fill chunks")`,
    });
  }
  if (fp && fp.peakPutsPerSecondPerPrefix > S3_PUTS_PER_PREFIX) {
    warnings.push({
      code: 's3-put-throttling',
      message: `${fmtNum(fp.peakPutsPerSecondPerPrefix)} chunk PUT/s at peak under each tenant's prefix, over S3's ${fmtNum(S3_PUTS_PER_PREFIX)} PUT/s per partitioned prefix: expect 503 SlowDown while S3 repartitions; fill chunks (fewer streams) or spread tenants`,
    });
  }
  plan.lifeDays = lifeDays;
  plan.objectsPerDay = objectsPerDay;
  plan.objects = objectsPerDay * lifeDays;

  if (del && del.afterDays < s.retentionDays) {
    warnings.push({
      code: 'lifecycle-deletes-early',
      message: `S3 lifecycle deletes objects at ${fmtNum(del.afterDays)} days but Loki's retention is ${fmtNum(s.retentionDays)} days: queries for days ${fmtNum(del.afterDays)}-${fmtNum(s.retentionDays)} will fail`,
    });
  }

  // the lifecycle as priced: the transitions that apply and the steps that never do, with why
  const moves: LifecycleTransition[] = [];
  const skipped: LifecyclePlan['skipped'] = [];
  // steps S3 skips for objects this small: the objects keep the class they are in
  const effective: LifecycleRule[] = [];
  let holding: StorageClass = 'STANDARD';
  rules.forEach((r, i) => {
    if (i === 0 || !('class' in r) || transitions(s.storage.transitionMinimum, r.class, chunk)) {
      effective.push(r);
      if ('class' in r) holding = r.class;
      return;
    }
    const m = s.storage.transitionMinimum;
    const why = `${fmtNum(chunk / 1024)} KiB chunks are ${m.kind === 'object-size-greater-than' ? `not larger than the rule filter's ${fmtNum(m.bytes)} bytes` : `under S3's 128 KB minimum transition size (transition_default_minimum_object_size ${m.kind}, AWS's default since September 2024)`}: S3 does not move them to ${r.class}, they stay in ${holding}`;
    skipped.push({ step: i, afterDays: r.afterDays, class: r.class, why });
    warnings.push({
      code: 'below-transition-minimum',
      message: `lifecycle step ${i}: ${why}; set storage.transitionMinimumObjectSize to a size below the chunks (a rule filter ObjectSizeGreaterThan) to transition them`,
    });
  });
  const classRules = effective.filter((r): r is Extract<LifecycleRule, { class: StorageClass }> => 'class' in r);
  const add = (k: string, v: number, into: Record<string, number>) => {
    if (v > 0) into[k] = (into[k] ?? 0) + v;
  };
  classRules.forEach((r, i) => {
    const next = effective[effective.indexOf(r) + 1];
    const to = Math.min(next ? next.afterDays : Infinity, lifeDays);
    const days = Math.max(0, to - r.afterDays);
    if (days <= 0) {
      const why = del && del.afterDays <= r.afterDays ? 'the lifecycle deletes them first' : `Loki's retention deletes objects at ${fmtNum(s.retentionDays)} days`;
      skipped.push({ step: rules.indexOf(r), afterDays: r.afterDays, class: r.class, why: `objects never reach ${r.class} at ${fmtNum(r.afterDays)} days because ${why}` });
      warnings.push({
        code: 'lifecycle-never-applies',
        message: `lifecycle step ${rules.indexOf(r)}: objects never reach ${r.class} at ${fmtNum(r.afterDays)} days because ${why}; it saves nothing`,
      });
      return;
    }
    if (i > 0) {
      plan.transitionsPerMonth[r.class] = (plan.transitionsPerMonth[r.class] ?? 0) + objectsPerDay * w.daysPerMonth;
      moves.push({ step: rules.indexOf(r), afterDays: r.afterDays, class: r.class });
    }
    if (NOT_QUERYABLE.includes(r.class)) {
      warnings.push({
        code: 'class-not-queryable',
        message: `${r.class} objects (days ${fmtNum(r.afterDays)}-${fmtNum(to)}) cannot be read without a restore: Loki queries over that range fail while Loki still expects the data`,
      });
    }
    const minObj = MIN_OBJECT_BYTES[r.class] ?? 0;
    const sizeFactor = chunk < minObj ? minObj / chunk : 1;
    if (sizeFactor > 1) {
      warnings.push({
        code: 'min-object-size',
        message: `${r.class} bills objects under ${fmtNum(minObj / 1024)} KiB as ${fmtNum(minObj / 1024)} KiB: chunks of ${fmtNum(chunk / 1024)} KiB cost ${fmtNum(sizeFactor)}x`,
      });
    }
    if (r.class === 'INTELLIGENT_TIERING') {
      const monitored = chunk >= IT_MIN_MONITORED_BYTES;
      const split: [StorageSegment['class'], number, number][] = monitored
        ? [
            ['INTELLIGENT_TIERING_FA', r.afterDays, Math.min(to, r.afterDays + IT_IA_AFTER)],
            ['INTELLIGENT_TIERING_IA', r.afterDays + IT_IA_AFTER, Math.min(to, r.afterDays + IT_AIA_AFTER)],
            ['INTELLIGENT_TIERING_AIA', r.afterDays + IT_AIA_AFTER, to],
          ]
        : [['INTELLIGENT_TIERING_FA', r.afterDays, to]];
      if (!monitored) {
        warnings.push({
          code: 'it-small-objects',
          message: `Intelligent-Tiering does not monitor objects under 128 KiB: ${fmtNum(chunk / 1024)} KiB chunks stay at the Frequent Access price`,
        });
      } else if (to - r.afterDays <= IT_IA_AFTER) {
        warnings.push({
          code: 'it-no-saving',
          message: `objects spend ${fmtNum(to - r.afterDays)} days in Intelligent-Tiering, never the 30 days without access it needs to move them to Infrequent Access: it costs the Standard price plus monitoring`,
        });
      }
      for (const [cls, from, end] of split) {
        const d = Math.max(0, end - from);
        if (d <= 0) continue;
        const g = (daily * d) / gb;
        plan.segments.push({ class: cls, fromDay: from, toDay: end, gb: g });
        add(cls, g, plan.gbMonthsByClass);
      }
      if (monitored) plan.monitoredObjects += objectsPerDay * days;
      return;
    }
    const g = (daily * days * sizeFactor) / gb;
    plan.segments.push({ class: r.class, fromDay: r.afterDays, toDay: to, gb: g });
    if (ARCHIVED.includes(r.class)) {
      const objects = objectsPerDay * days;
      plan.archiveOverhead.push({ class: r.class, objects, gb: (objects * ARCHIVE_OVERHEAD_BYTES.atClass) / gb, standardGb: (objects * ARCHIVE_OVERHEAD_BYTES.atStandard) / gb });
    }
    add(r.class, g, plan.gbMonthsByClass);
    const min = MIN_DAYS[r.class];
    if (min !== undefined && days < min) {
      add(r.class, (daily * (min - days) * sizeFactor) / gb, plan.earlyDeletionGbMonths);
      warnings.push({
        code: 'min-duration',
        message: `${r.class} has a ${min}-day minimum but objects stay ${fmtNum(days)} days: each is billed ${fmtNum(min - days)} more days`,
      });
    }
  });
  plan.bucket = bucketOf(s, lifecyclePlan(s, rules, del, moves, skipped));
  plan.totalGb = plan.segments.reduce((a, x) => a + x.gb, 0);
  plan.putsPerMonth = objectsPerDay * w.daysPerMonth;
  plan.indexPutsPerMonth = INDEX_UPLOADS_PER_INGESTER_DAY * ingesters * w.daysPerMonth;
  // queriers fetch every stored copy the index lists (replicas' chunks that did not dedupe are distinct objects)
  plan.getsPerMonth = ((s.query.scannedBytesPerDay / s.storage.compressionRatio) * regime.storedCopies / chunk) * w.daysPerMonth;
  const t = s.ingest.tenants;
  plan.listsPerMonth = (indexSyncers * INDEX_SYNCS_PER_DAY * (1 + t) + compactors * COMPACTIONS_PER_DAY * (1 + 2 * (1 + t))) * w.daysPerMonth;
  reads(s, w, plan, warnings);
  return plan;
}

/**
 * The lifecycle the plan priced, with its expiry: an earlier lifecycle delete where the scenario
 * sets one before Loki's retention, else Loki's retention plus the compactor's delete delay and
 * interval, rounded up to whole days (a backstop: the compactor deletes the objects first).
 */
function lifecyclePlan(s: Scenario, rules: readonly LifecycleRule[], del: Extract<LifecycleRule, { action: 'delete' }> | undefined, moves: LifecycleTransition[], skipped: LifecyclePlan['skipped']): LifecyclePlan {
  const first = rules[0]!;
  const initialClass = 'class' in first ? first.class : 'STANDARD';
  const early = del !== undefined && del.afterDays < s.retentionDays;
  const delay = COMPACTOR_DELETE_DELAY_HOURS + COMPACTION_INTERVAL_HOURS;
  const backstop = Math.ceil(s.retentionDays + delay / 24 - 1e-9);
  const expireAfterDays = early ? Math.ceil(del.afterDays - 1e-9) : backstop;
  const expireWhy = early
    ? `the scenario's lifecycle deletes objects at ${fmtNum(del.afterDays)} days, before Loki's ${fmtNum(s.retentionDays)}-day retention`
    : `Loki's compactor deletes chunks at the ${fmtNum(s.retentionDays)}-day retention plus retention_delete_delay ${fmtNum(COMPACTOR_DELETE_DELAY_HOURS)}h and up to one compaction_interval of ${fmtNum(COMPACTION_INTERVAL_HOURS * 60)}m (the defaults, ${COMPACTOR_SOURCE}); the lifecycle expires what is left at ${fmtNum(backstop)} days${del ? `, in place of the scenario's delete at ${fmtNum(del.afterDays)} days, which never applies` : ''}`;
  return { initialClass, transitions: moves, skipped, transitionMinimum: s.storage.transitionMinimum, expireAfterDays, deletedBy: early ? 'lifecycle' : 'retention', expireWhy, abortIncompleteMultipartDays: ABORT_MULTIPART_DAYS };
}

/**
 * What queries read, by the class they find the objects in: each age band's share of the scanned
 * bytes spread evenly over its days, split by the segments those days fall in. Reads past the
 * objects' life find nothing; reads from Glacier Flexible and Deep Archive fail without a restore.
 */
function reads(s: Scenario, w: Workload, plan: StoragePlan, warnings: Warning[]): void {
  const storedPerMonth = (s.query.scannedBytesPerDay / s.storage.compressionRatio) * plan.chunks!.storedCopies * w.daysPerMonth;
  const byClass = new Map<StorageSegment['class'], number>();
  let gone = 0;
  for (const band of s.query.byAge) {
    const to = band.toDays ?? plan.lifeDays;
    const width = to - band.fromDays;
    if (!(width > 0) || band.share <= 0) continue;
    for (const seg of plan.segments) {
      const overlap = Math.min(to, seg.toDay) - Math.max(band.fromDays, seg.fromDay);
      if (overlap > 0) byClass.set(seg.class, (byClass.get(seg.class) ?? 0) + (band.share * overlap) / width);
    }
    const past = to - Math.max(band.fromDays, plan.lifeDays);
    if (past > 0) gone += (band.share * past) / width;
  }
  const gb = gbBytes(s);
  for (const [cls, share] of byClass) {
    plan.reads.push({ class: cls, share, gb: (storedPerMonth * share) / gb, gets: plan.getsPerMonth * share });
    if (NOT_QUERYABLE.includes(classOf(cls)) && s.query.scannedBytesPerDay > 0) {
      warnings.push({
        code: 'query-reads-archive',
        message: `${fmtNum(share * 100)}% of the query reads (query.byAge) fall on ${cls} objects, which cannot be read without a restore: those queries fail (not priced)`,
      });
    }
  }
  if (gone > 1e-9 && s.query.scannedBytesPerDay > 0) {
    warnings.push({
      code: 'query-beyond-retention',
      message: `${fmtNum(gone * 100)}% of the query reads (query.byAge) ask for data older than the ${fmtNum(plan.lifeDays)} days objects live: they find nothing (not priced)`,
    });
  }
}
