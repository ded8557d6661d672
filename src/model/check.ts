/**
 * `lokiplan check`: does the deployment a scenario describes (its replicas, requests and limits,
 * or the plan's where it sets none) carry the target ingest at peak (a) with `failureTolerance`
 * replicas of every target lost and (b) with one whole availability zone lost? And do the
 * per-tenant limits admit the ingest? Every row says what binds it and the headroom left.
 * Before the losses, the deployment with nothing lost: a target that cannot carry its demand on a
 * normal day fails there first (the rows are in the order a reader should meet them).
 * Pure: works on a plan's topology and workload.
 */
import { fmtNum, fmtPct, fmtRate, plural } from './format.js';
import { REPLAY_CEILING_SHARE } from './flush.js';
import { deployedLimits, LIMITS_SOURCE, LOKI_DEFAULT_LIMITS, plannedLimits, tenantPeak } from './limits.js';
import { isIngester, MODES, targetSpec } from './modes/index.js';
import { CHART_INGESTER_ZONES } from './modes/spec.js';
import { holdsDemand, replicasCarry, replicasFor, zonesOf } from './sizing.js';
import type { CheckCase, CheckReport, CheckRow, CheckStatus, CheckVerdict, DeploymentMode, LokiLimits, Scenario, SidePlan, TargetSizing } from './types.js';


const MiB = 2 ** 20;
const quorumOf = (rf: number) => Math.floor(rf / 2) + 1;

const bindingName = (b: TargetSizing['binding']): string =>
  b === 'cpu' ? 'CPU request' : b === 'memory' ? 'memory request' : 'throughput per pod';

/** capacity / demand - 1, and never below 0 where the one comparison (holdsDemand) says capacity holds. */
function headroom(capacity: number, demand: number): number {
  if (!(demand > 0)) return Infinity;
  const h = capacity / demand - 1;
  return h < 0 && holdsDemand(capacity, demand) ? 0 : h;
}

/**
 * A loss row, its keys in one order (`needed` only when set), built without spreads: the plan's
 * verdict builds these for every plan.
 */
function lossRow(t: TargetSizing, kase: CheckCase, condition: string, left: number, status: CheckStatus, demand: number | null, capacity: number | null, unit: CheckRow['unit'], headroom: number | null, binding: string, needed: number | undefined, detail: string): CheckRow {
  const target = t.name;
  return needed === undefined
    ? { target, case: kase, condition, left, status, demand, capacity, unit, headroom, binding, detail }
    : { target, case: kase, condition, left, status, demand, capacity, unit, headroom, binding, needed, detail };
}

/** Rows for one target under one loss (`lost` replicas gone); no words when `fixes` is null. */
function lossRows(mode: DeploymentMode, t: TargetSizing, kase: CheckCase, lost: number, zones: number, condition: string, out: CheckRow[], fixes: string[] | null, fixNote = ''): void {
  const left = Math.max(0, t.replicas - lost);
  if (t.limits.cpu < t.requests.cpu || t.limits.memoryGiB < t.requests.memoryGiB) {
    out.push(lossRow(t, kase, condition, left, 'fail', null, null, null, null, 'limits below requests', undefined, 'Kubernetes rejects a pod whose limits are below its requests'));
    if (fixes && kase === 'failure-tolerance') fixes.push(`${t.name}: raise limits to at least the requests`);
    return;
  }
  const per = t.perReplicaBytesPerSecond ?? null;
  const demand = t.demandBytesPerSecond;
  if (per !== null && demand !== null) {
    const capacity = left * per;
    const ok = replicasCarry(left, per, demand);
    // replicas needed at these requests: for a zone loss, enough that those left after losing the largest zone share carry the demand
    const need = ok ? 0 : per <= 0 ? Infinity : kase === 'zone-loss' ? (zones > 1 ? replicasFor(demand, per, 0, zones).zone : Infinity) : replicasFor(demand, per, lost, 1).ft;
    if (!fixes) {
      out.push(lossRow(t, kase, condition, left, ok ? 'ok' : 'fail', demand, capacity, 'bytes/s', headroom(capacity, demand), bindingName(t.binding ?? 'throughput'), !ok && Number.isFinite(need) ? need : undefined, ''));
      return;
    }
    const what = targetSpec(mode, t.name)?.carries ?? 'peak ingest';
    out.push(
      lossRow(t, kase, condition, left, ok ? 'ok' : 'fail', demand, capacity, 'bytes/s', headroom(capacity, demand), bindingName(t.binding ?? 'throughput'), !ok && Number.isFinite(need) ? need : undefined, `${left} x ${fmtRate(per)} = ${fmtRate(capacity)} for ${fmtRate(demand)} ${what}${fixNote && !ok && kase === 'normal' ? fixNote : ''}${ok ? '' : MODES[mode].maxReplicas !== null && need > MODES[mode].maxReplicas! ? `; ${mode} cannot scale out` : `; needs ${Number.isFinite(need) ? need : 'more'} replicas at ${fmtNum(t.requests.cpu)} CPU / ${fmtNum(t.requests.memoryGiB)} GiB`}`),
    );
    const max = MODES[mode].maxReplicas;
    if (!ok && max !== null && need > max) fixes.push(`${t.name}: ${mode} runs ${max} replica${max === 1 ? '' : 's'} and cannot carry ${fmtRate(demand)} ${what}; move to a mode that scales out (see the cheapest mode that holds in lokiplan plan)`);
    else if (!ok && !Number.isFinite(need)) fixes.push(`${t.name}: spread over more than one zone to survive ${condition}`);
    else if (!ok) fixes.push(`${t.name}: ${need} replicas at ${fmtNum(t.requests.cpu)} CPU / ${fmtNum(t.requests.memoryGiB)} GiB ${kase === 'normal' ? 'to carry the load with nothing lost' : `to survive ${condition}`}${t.binding === 'cpu' || t.binding === 'memory' ? `, or raise the ${bindingName(t.binding)} to the profile pod's` : ''}${kase === 'normal' ? '' : fixNote}`);
    return;
  }
  const ok = left >= 1;
  out.push(
    lossRow(
      t,
      kase,
      condition,
      left,
      ok ? 'ok' : t.lossDegradesOnly ? 'degraded' : 'fail',
      1,
      left,
      'replicas',
      null,
      'replicas',
      !ok && !t.lossDegradesOnly ? lost + 1 : undefined,
      !fixes
        ? ''
        : ok
          ? `${left} of ${t.replicas} left`
          : t.lossDegradesOnly
            ? `none of ${t.replicas} left: ${t.name === 'compactor' ? 'compaction and retention pause until it returns' : 'cache misses go to S3'}; ingest continues`
            : `none of ${t.replicas} left`,
    ),
  );
  if (fixes && !ok && !t.lossDegradesOnly) fixes.push(kase === 'zone-loss' && zones <= 1 ? `${t.name}: spread over more than one zone to survive ${condition}` : `${t.name}: at least ${lost + 1} replicas to survive ${condition}`);
}

function run(s: Scenario, p: SidePlan, text: boolean): CheckReport {
  const topo = p.topology;
  const w = p.workload;
  const ft = s.deployment.failureTolerance;
  const rf = topo.replicationFactor;
  const zones = topo.zones;
  const zoneAware = topo.zoneAware === true;
  const rows: CheckRow[] = [];
  // no words when only the statuses are wanted (plan's verdict): details are '' and fixes not built
  const fixes: string[] | null = text ? [] : null;
  const q = quorumOf(rf);
  const spare = rf - q;
  const ftLost = `${plural(ft, 'replica')} lost`;

  for (const t of topo.targets) {
    const before = rows.length;
    // nothing lost: only targets sized by throughput (a replica count is never short with nothing lost)
    const throughput = t.perReplicaBytesPerSecond != null && t.demandBytesPerSecond !== null;
    if (throughput) {
      const avg = targetSpec(topo.mode, t.name)?.carries === 'peak ingest' && t.replicas * t.perReplicaBytesPerSecond! < w.avgBytesPerSecond;
      lossRows(topo.mode, t, 'normal', 0, zones, 'nothing lost', rows, fixes, text && avg ? ` (short even of the ${fmtRate(w.avgBytesPerSecond)} average)` : '');
    }
    // with no failure tolerated, losing 0 replicas is the normal load above: not a second row
    if (ft > 0 || !throughput) lossRows(topo.mode, t, 'failure-tolerance', ft, zones, ftLost, rows, fixes);
    if (!(t.sizedMeetsTarget ?? t.meetsTarget) && rows.slice(before).every((r) => r.status !== 'fail') && !(isIngester(topo.mode, t.name) && (ft > spare || t.replicas < rf))) {
      // the plan's own verdict names a problem the loss rows do not (a volume too small for retention, a replica count the mode does not allow)
      rows.push({ target: t.name, case: 'failure-tolerance', condition: 'as sized', status: 'fail', left: null, demand: null, capacity: null, unit: null, headroom: null, binding: 'sizing rule', detail: t.verdict });
      fixes?.push(`${t.name}: ${t.verdict}`);
    }
    if (isIngester(topo.mode, t.name)) {
      const ok = ft <= spare && t.replicas >= rf;
      const detail = !text
        ? ''
        : t.replicas < rf
          ? `${t.replicas} ingesters cannot hold replication factor ${rf}`
          : `replication factor ${rf}: a write needs ${q} of ${rf} replicas, so ${spare} may be lost; failureTolerance ${ft} ${ft > spare ? 'asks for more' : 'is within that'}`;
      const status = ok ? 'ok' : 'fail';
      const left = Math.max(0, t.replicas - ft);
      const binding = 'write quorum';
      rows.push(
        t.replicas < rf
          ? { target: t.name, case: 'failure-tolerance', condition: ftLost, status, left, demand: null, capacity: null, unit: null, headroom: null, binding, needed: rf, detail }
          : { target: t.name, case: 'failure-tolerance', condition: ftLost, status, left, demand: null, capacity: null, unit: null, headroom: null, binding, detail },
      );
      if (!ok) fixes?.push(t.replicas < rf ? `${t.name}: at least ${rf} replicas for replication factor ${rf}` : `replication factor ${2 * ft + 1} keeps write quorum through ${plural(ft, 'failure')}`);
    }
  }

  // ingester memory and WAL disk from the active streams and the flush settings
  const fp = p.storage.flush;
  for (const t of topo.targets) {
    if (!isIngester(topo.mode, t.name) || MODES[topo.mode].objectStore === 'filesystem') continue;
    if (!fp) {
      rows.push({ target: t.name, case: 'memory', condition: 'streams in memory', status: 'unchecked', left: null, demand: null, capacity: null, unit: null, headroom: null, binding: 'memory limit', detail: 'not checked: set ingest.streams (active streams) in the scenario' });
      continue;
    }
    const okMem = holdsDemand(t.limits.memoryGiB, fp.memoryNeededGiB);
    rows.push({
      target: t.name,
      case: 'memory',
      condition: 'streams in memory',
      status: okMem ? 'ok' : 'fail',
      left: null,
      demand: fp.memoryNeededGiB,
      capacity: t.limits.memoryGiB,
      unit: 'GiB',
      headroom: headroom(t.limits.memoryGiB, fp.memoryNeededGiB),
      binding: 'memory limit',
      detail: !text ? '' : `${fp.memoryReason}; limit ${fmtNum(t.limits.memoryGiB)} GiB${okMem ? '' : ': the pod is OOM-killed'}`,
    });
    if (!okMem && fp.streamsMemoryGiB <= t.limits.memoryGiB) {
      // only the WAL replay ceiling does not fit: a free config change (Loki's WAL docs: ~75% of available memory)
      fixes?.push(`${t.name}: first, a free config change: ingester.walReplayMemoryCeiling ${fmtNum(Math.floor(t.limits.memoryGiB * REPLAY_CEILING_SHARE * 10) / 10)} GiB (Loki wal.replay_memory_ceiling ~75% of the ${fmtNum(t.limits.memoryGiB)} GiB limit, as its WAL docs suggest; the replay under the current ceiling needs ${fmtNum(fp.memoryNeededGiB)} GiB): the streams alone need ${fmtNum(fp.streamsMemoryGiB)} GiB`);
    } else if (!okMem) {
      fixes?.push(`${t.name}: memory limit of at least ${fmtNum(Math.ceil(fp.memoryNeededGiB))} GiB, or more ingesters (${fmtNum(fp.streamsPerIngester)} streams each now), or fewer streams`);
    }
    if (t.volumeGiB > 0) {
      const okWal = holdsDemand(t.volumeGiB * 0.9, fp.walDiskGiB);
      rows.push({
        target: t.name,
        case: 'memory',
        condition: 'WAL disk',
        status: okWal ? 'ok' : 'fail',
        left: null,
        demand: fp.walDiskGiB,
        capacity: t.volumeGiB * 0.9,
        unit: 'GiB',
        headroom: headroom(t.volumeGiB * 0.9, fp.walDiskGiB),
        binding: 'wal disk_full_threshold 0.9',
        detail: !text ? '' : `${fp.walReason}; ${fmtNum(t.volumeGiB)} GiB volume, writes throttled at 90% full`,
      });
      if (!okWal) fixes?.push(`${t.name}: a volume of at least ${fmtNum(Math.ceil(fp.walDiskGiB / 0.9))} GiB for the WAL`);
    }
  }

  // one whole zone lost (where the deployment spans zones): each target spreads across zones with a skew of at most 1
  if (zones <= 1) {
    rows.push({
      target: 'all',
      case: 'zone-loss',
      condition: 'its only zone lost',
      status: 'unchecked',
      left: 0,
      demand: null,
      capacity: null,
      unit: null,
      headroom: null,
      binding: 'one zone',
      detail: `every replica runs in one zone, so losing it stops ingest and queries until the zone returns (AWS EC2 SLA: 99.5% for a single instance, 99.99% across two or more zones, https://aws.amazon.com/compute/sla/); not checked: set deployment.zones to plan for a zone loss`,
    });
    fixes?.push('spread over more than one zone (deployment.zones) to survive a zone loss');
  }
  const zoneLost = zones <= 1 ? 'its only zone lost' : `1 of ${zones} zones lost`;
  const zoneRowsFrom = rows.length;
  const zoneFixesFrom = fixes?.length ?? 0;
  for (const t of zones <= 1 ? [] : topo.targets) {
    const perZone = zones <= 1 ? t.replicas : Math.ceil(t.replicas / zonesOf(t, topo));
    const cond = zoneLost;
    const quorumNote = isIngester(topo.mode, t.name) && !zoneAware && zones > 1 ? ' (for capacity; without zone-aware replication the write quorum below still fails)' : '';
    lossRows(topo.mode, t, 'zone-loss', perZone, zones <= 1 ? zones : zonesOf(t, topo), cond, rows, fixes, quorumNote);
    if (isIngester(topo.mode, t.name)) {
      let ok: boolean;
      let detail: string;
      if (zones <= 1) {
        ok = false;
        detail = `every replica is in one zone: losing it stops ingest and queries until the zone returns (clients buffer or drop); AWS's EC2 SLA is 99.5% for a single instance against 99.99% across two or more zones (https://aws.amazon.com/compute/sla/), up to 3.65 h against 4.4 min of downtime a month`;
      } else if (zoneAware) {
        ok = spare >= 1;
        detail = !text ? '' : `zone-aware replication keeps one replica of each stream per zone: a zone loss costs each stream 1 of ${rf} replicas; a write needs ${q}`;
      } else {
        const worst = Math.min(perZone, rf);
        ok = worst <= spare;
        detail = !text
          ? ''
          : ok
          ? `at most ${plural(perZone, 'ingester')} per zone: a stream loses at most ${worst} of ${rf} replicas; a write needs ${q}`
          : `replication is not zone-aware: a zone holding ${perZone} ingesters can hold ${worst} of a stream's ${rf} replicas, leaving ${rf - worst} of the ${q} a write needs; pushes to those streams fail`;
      }
      rows.push({
        target: t.name,
        case: 'zone-loss',
        condition: cond,
        status: ok ? 'ok' : 'fail',
        left: Math.max(0, t.replicas - perZone),
        demand: null,
        capacity: null,
        unit: null,
        headroom: null,
        binding: 'write quorum',
        detail,
      });
      if (!ok) {
        fixes?.push(
          zones <= 1
            ? `${t.name}: spread over at least ${rf} zones with zone-aware replication to survive a zone loss`
            : MODES[topo.mode].zoneAwareIngesters
              ? `${t.name}: enable zone-aware replication: at least ${CHART_INGESTER_ZONES} zones and replication factor at most ${CHART_INGESTER_ZONES} (the Helm chart's ingester.zoneAwareReplication runs three ingester zones)`
              : `${t.name}: ${topo.mode} replication is not zone-aware in the Helm chart; use microservices mode (zone-aware ingesters) or keep at most ${plural(spare, 'ingester')} per zone`,
        );
      }
    }
  }

  // failureTolerance 0 asks to survive no loss: sizing adds nothing for a zone loss (sizing.ts
  // zoneLossAsked), so a zone loss the replicas do not survive is reported, not failed
  if (zones > 1 && ft === 0) {
    for (let i = zoneRowsFrom; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.status !== 'fail') continue;
      rows[i] = { ...r, status: 'unchecked', detail: text ? `not asked (failureTolerance 0; set failureTolerance: 1 to plan for a zone loss): ${r.detail}` : '' };
    }
    fixes?.splice(zoneFixesFrom);
  }

  // per-tenant limits
  const deployed = deployedLimits(s, w);
  const needed = plannedLimits(s, w);
  const peak = tenantPeak(s, w);
  const tenants = s.ingest.tenants;
  const who = !text ? '' : tenants > 1 ? `each of ${tenants} tenants` : 'the tenant';
  const basis = s.limits.basis === 'planned' ? 'as lokiplan plans them (helm-values writes them)' : s.limits.basis === 'loki-defaults' ? "Loki's defaults" : 'as the scenario sets them';
  {
    const cap = deployed.ingestionRateMB * MiB;
    const ok = holdsDemand(cap, peak);
    rows.push({
      target: 'tenant',
      case: 'limits',
      condition: 'ingestion_rate_mb',
      status: ok ? 'ok' : 'fail',
      left: null,
      demand: peak,
      capacity: cap,
      unit: 'bytes/s',
      headroom: headroom(cap, peak),
      binding: 'ingestion_rate_mb',
      detail: !text ? '' : `${who} pushes ${fmtRate(peak)} at peak; ingestion_rate_mb ${fmtNum(deployed.ingestionRateMB)} (burst ${fmtNum(deployed.ingestionBurstSizeMB)}; ${basis}) admits ${fmtRate(cap)}${ok ? '' : `; the excess, ${fmtPct(1 - cap / peak)} of the peak, is rejected with HTTP 429 (rate limited)`}`,
    });
    if (!ok) fixes?.push(`limits_config: raise ingestion_rate_mb to ${needed.ingestionRateMB} and ingestion_burst_size_mb to ${needed.ingestionBurstSizeMB} (Loki's default is ${LOKI_DEFAULT_LIMITS.ingestionRateMB} / ${LOKI_DEFAULT_LIMITS.ingestionBurstSizeMB})`);
  }
  if (s.ingest.streams === null) {
    for (const key of ['per_stream_rate_limit', 'max_global_streams_per_user']) {
      rows.push({
        target: 'tenant',
        case: 'limits',
        condition: key,
        status: 'unchecked',
        left: null,
        demand: null,
        capacity: null,
        unit: null,
        headroom: null,
        binding: key,
        detail: 'not checked: set ingest.streams (active streams) in the scenario',
      });
    }
  } else {
    const perTenant = s.ingest.streams / tenants;
    const perStream = peak / perTenant;
    const okRate = holdsDemand(deployed.perStreamRateLimitBytes, perStream);
    rows.push({
      target: 'tenant',
      case: 'limits',
      condition: 'per_stream_rate_limit',
      status: okRate ? 'ok' : 'fail',
      left: null,
      demand: perStream,
      capacity: deployed.perStreamRateLimitBytes,
      unit: 'bytes/s',
      headroom: headroom(deployed.perStreamRateLimitBytes, perStream),
      binding: 'per_stream_rate_limit',
      detail: !text ? '' : `${fmtRate(peak)} over ${fmtNum(perTenant)} streams = ${fmtRate(perStream)} per stream on average (a skewed stream needs more); limit ${fmtRate(deployed.perStreamRateLimitBytes)}`,
    });
    if (!okRate) fixes?.push(`limits_config: raise per_stream_rate_limit to ${needed.perStreamRateLimitBytes / MiB}MB, or split hot streams with more labels`);
    const okStreams = holdsDemand(deployed.maxGlobalStreamsPerUser, perTenant);
    rows.push({
      target: 'tenant',
      case: 'limits',
      condition: 'max_global_streams_per_user',
      status: okStreams ? 'ok' : 'fail',
      left: null,
      demand: perTenant,
      capacity: deployed.maxGlobalStreamsPerUser,
      unit: 'streams',
      headroom: headroom(deployed.maxGlobalStreamsPerUser, perTenant),
      binding: 'max_global_streams_per_user',
      detail: !text ? '' : `${fmtNum(perTenant)} active streams per tenant; limit ${fmtNum(deployed.maxGlobalStreamsPerUser)}${perTenant > 80000 ? '; Grafana advises designing for under 80,000 active streams per tenant' : ''}`,
    });
    if (!okStreams) fixes?.push(`limits_config: raise max_global_streams_per_user to ${needed.maxGlobalStreamsPerUser}`);
  }

  return {
    scenario: p.scenario,
    mode: topo.mode,
    profile: topo.profileId,
    zones,
    replicationFactor: rf,
    failureTolerance: ft,
    zoneAware,
    limits: { basis: s.limits.basis, deployed, needed, source: LIMITS_SOURCE },
    rows,
    holds: rows.every((r) => r.status !== 'fail'),
    fixes: fixes ? [...new Set(fixes)] : [],
  };
}

/** One line per target and case: the worst row, for summaries. */
export function worstRow(rows: readonly CheckRow[]): CheckRow | null {
  const rank: Record<CheckStatus, number> = { fail: 3, degraded: 2, unchecked: 1, ok: 0 };
  let best: CheckRow | null = null;
  for (const r of rows) {
    if (!best || rank[r.status] > rank[best.status] || (rank[r.status] === rank[best.status] && (r.headroom ?? Infinity) < (best.headroom ?? Infinity))) best = r;
  }
  return best;
}

export const fmtHeadroom = (h: number | null): string => (h === null ? '-' : Number.isFinite(h) ? `${h >= 0 ? '+' : ''}${fmtPct(h)}` : 'n/a');

/** The capacity check, row by row, with the words: details and fixes (`lokiplan check`, the reports). */
export function check(s: Scenario, p: SidePlan): CheckReport {
  return run(s, p, true);
}


/**
 * The check's verdict alone (every plan carries it: sweeps, compare and what-ifs show it per
 * point): the rows and statuses `check` gives, decided by the same code, with no details or
 * fixes built (their detail is '').
 */
export function checkVerdict(s: Scenario, p: SidePlan): CheckVerdict {
  const r = run(s, p, false);
  return { holds: r.holds, rows: r.rows };
}
