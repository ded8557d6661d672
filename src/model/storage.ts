/**
 * S3 at steady state: GB in each class by object age under the lifecycle and Loki's retention,
 * minimum-duration charges, object count, PUT/GET/transition requests and Intelligent-Tiering
 * monitoring. A steady-state GB is also the GB-months billed per month.
 */
import { flushPlan, flushText, S3_PUTS_PER_PREFIX } from './flush.js';
import { fmtNum } from './format.js';
import type { LifecycleRule, Scenario, StorageClass, StoragePlan, StorageSegment, Warning, Workload } from './types.js';

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
/** TSDB index files uploaded per ingester per day (head rotated every 15 minutes). */
export const INDEX_UPLOADS_PER_INGESTER_DAY = 96;
/** TSDB shipper resync_interval 5m (index gateways, rulers, queriers) and compactor compaction_interval 10m (Loki configuration.md). */
export const INDEX_SYNCS_PER_DAY = 288;
export const COMPACTIONS_PER_DAY = 144;

export function gbBytes(s: Scenario): number {
  return s.storage.billingGigabyte === 'GB' ? 1e9 : 2 ** 30;
}

export function emptyStorage(): StoragePlan {
  return {
    lifeDays: 0,
    segments: [],
    gbMonthsByClass: {},
    earlyDeletionGbMonths: {},
    objects: 0,
    objectsPerDay: 0,
    putsPerMonth: 0,
    indexPutsPerMonth: 0,
    getsPerMonth: 0,
    transitionsPerMonth: {},
    monitoredObjects: 0,
    totalGb: 0,
    objectBytes: 0,
    listsPerMonth: 0,
    flush: null,
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
  const fp = flushPlan(s, w, ingesters);
  // without active streams, chunks are assumed to fill to chunk_target_size (a lower bound on objects)
  const chunk = fp ? fp.chunkBytes : s.storage.chunkBytes;
  const objectsPerDay = daily / chunk;
  const plan = emptyStorage();
  plan.flush = fp;
  plan.objectBytes = chunk;
  if (fp && fp.cutBy !== 'chunk_target_size' && fp.chunkBytes < s.storage.chunkBytes / 2) {
    warnings.push({
      code: 'small-chunks',
      message: `${flushText(fp, s)}: ${fmtNum(objectsPerDay)} objects a day, ${fmtNum(s.storage.chunkBytes / fp.chunkBytes)}x as many PUTs as full chunks; fewer streams (fewer label values) or a longer max_chunk_age fill chunks (Loki docs: "try your best to fill chunks")`,
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

  const classRules = rules.filter((r): r is Extract<LifecycleRule, { class: StorageClass }> => 'class' in r);
  const add = (k: string, v: number, into: Record<string, number>) => {
    if (v > 0) into[k] = (into[k] ?? 0) + v;
  };
  classRules.forEach((r, i) => {
    const next = rules[rules.indexOf(r) + 1];
    const to = Math.min(next ? next.afterDays : Infinity, lifeDays);
    const days = Math.max(0, to - r.afterDays);
    if (days <= 0) {
      const why = del && del.afterDays <= r.afterDays ? 'the lifecycle deletes them first' : `Loki's retention deletes objects at ${fmtNum(s.retentionDays)} days`;
      warnings.push({
        code: 'lifecycle-never-applies',
        message: `lifecycle step ${i}: objects never reach ${r.class} at ${fmtNum(r.afterDays)} days because ${why}; it saves nothing`,
      });
      return;
    }
    if (i > 0) plan.transitionsPerMonth[r.class] = (plan.transitionsPerMonth[r.class] ?? 0) + objectsPerDay * w.daysPerMonth;
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
  plan.totalGb = plan.segments.reduce((a, x) => a + x.gb, 0);
  plan.putsPerMonth = objectsPerDay * w.daysPerMonth;
  plan.indexPutsPerMonth = INDEX_UPLOADS_PER_INGESTER_DAY * ingesters * w.daysPerMonth;
  plan.getsPerMonth = (s.query.scannedBytesPerDay / s.storage.compressionRatio / chunk) * w.daysPerMonth;
  const t = s.ingest.tenants;
  plan.listsPerMonth = (indexSyncers * INDEX_SYNCS_PER_DAY * (1 + t) + compactors * COMPACTIONS_PER_DAY * (1 + 2 * (1 + t))) * w.daysPerMonth;
  return plan;
}
