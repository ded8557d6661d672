/**
 * Modelled against observed (plan --observed, issue 28 item 3): a calibration (`lokiplan calibrate
 * --format json`) beside a plan, so a user sees where the model and the cluster disagree: per
 * planned target the workloads running today that play its role, with their replicas and requests,
 * and the measured ingest, streams, chunk size, compression and flush regime beside the model's.
 * Pure: the command reads the file; `parseCalibration` trusts nothing in it.
 */
import { z } from 'zod';
import { ScenarioError } from '../errors.js';
import { MODES } from '../model/modes/index.js';
import { fmtBytes, fmtNum } from '../model/format.js';
import type { ChunkCut, ObservedComparison, ObservedFigure, ObservedTarget, Plan, Scenario } from '../model/types.js';
import { FIGURE_IDS, type Calibration, type FigureId } from './measure.js';

const text = (max: number) => z.string().max(max);
const calibrationSchema = z.object({
  format: z.literal('lokiplan-calibration/1'),
  prometheus: text(2000),
  window: z.object({ start: text(40), end: text(40), seconds: z.number().positive().max(1e9), promql: text(20) }),
  selector: text(2000),
  tenant: text(500).nullable(),
  namespace: text(253).nullable(),
  coveredSeconds: z.number().min(0).max(1e9),
  figures: z
    .array(
      z.object({
        id: z.enum(FIGURE_IDS),
        label: text(200),
        unit: text(20),
        value: z.number().finite().nullable(),
        status: z.enum(['measured', 'given', 'missing', 'implausible']),
        promql: text(4000),
        note: text(2000).nullable(),
      }),
    )
    .max(100),
  flushReasons: z.array(z.object({ reason: text(40), chunks: z.number().min(0).finite(), share: z.number().min(0).max(1) })).max(20),
  retentionShares: z.array(z.object({ hours: text(20), share: z.number().min(0).max(1) })).max(100),
  running: z
    .array(
      z.object({
        name: text(253),
        kind: z.enum(['Deployment', 'StatefulSet']),
        component: text(60).nullable(),
        replicas: z.number().int().min(0).max(100000),
        cpuRequest: z.number().min(0).max(1e4).nullable(),
        memoryRequestBytes: z.number().min(0).max(1e15).nullable(),
      }),
    )
    .max(1000),
  runningPromql: z.array(text(4000)).max(20),
  problems: z.array(text(4000)).max(200),
  notes: z.array(text(4000)).max(200),
});

/** A calibration read back: the shape `calibrate --format json` writes, each field checked. */
export function parseCalibration(json: unknown, file: string): Calibration {
  const r = calibrationSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new ScenarioError(file, path, `${i.message.replace(/,? received .*$/, '')} (expected the output of lokiplan calibrate --format json)`);
  }
  return r.data as Calibration;
}

const GIB = 2 ** 30;
/** What Loki's flush reason label says for each way the model cuts chunks (pkg/ingester/flush.go). */
const REASON_OF_CUT: Record<ChunkCut['reason'], string> = {
  chunk_target_size: 'full',
  max_chunk_age: 'max_age',
  chunk_idle_period: 'idle',
  sync_period: 'synced',
};

/** The main role of a component name in whichever mode has a target of that name. */
function mainRole(component: string): string | null {
  for (const m of Object.values(MODES)) {
    const t = m.targets.find((x) => x.name === component);
    if (t) return t.roles[0] ?? null;
  }
  return null;
}

export function observedComparison(p: Plan, s: Scenario, cal: Calibration): ObservedComparison {
  const spec = MODES[p.mode];
  const targets: ObservedTarget[] = p.topology.targets.map((t) => ({
    target: t.name,
    planned: { replicas: t.replicas, cpu: t.requests.cpu, memoryGiB: t.requests.memoryGiB },
    running: [],
  }));
  const unmatched: ObservedComparison['unmatched'] = [];
  for (const w of cal.running) {
    if (w.component === null) continue;
    let to = targets.find((t) => t.target === w.component);
    let by: 'name' | 'role' = 'name';
    if (!to) {
      const role = mainRole(w.component);
      // the target whose main role it is, else one that also plays it (a single binary plays every role)
      const t = role ? (spec.targets.find((x) => x.roles[0] === role) ?? spec.targets.find((x) => (x.roles as readonly string[]).includes(role))) : undefined;
      to = t ? targets.find((x) => x.target === t.name) : undefined;
      by = 'role';
    }
    if (!to) {
      unmatched.push({ workload: w.name, component: w.component, replicas: w.replicas });
      continue;
    }
    to.running.push({
      workload: w.name,
      component: w.component,
      by,
      replicas: w.replicas,
      cpu: w.cpuRequest,
      memoryGiB: w.memoryRequestBytes === null ? null : w.memoryRequestBytes / GIB,
    });
  }

  const value = (id: FigureId) => {
    const f = cal.figures.find((x) => x.id === id);
    return f && (f.status === 'measured' || f.status === 'given') ? f.value : null;
  };
  const figures: ObservedFigure[] = [];
  const row = (what: string, obs: number | null, model: number | null, show: (v: number) => string, modelNote = '') =>
    figures.push({
      what,
      observed: obs === null ? 'not measured' : show(obs),
      modelled: model === null ? 'not set' : `${show(model)}${modelNote}`,
      difference: obs !== null && model !== null && model !== 0 ? obs / model - 1 : null,
      words: false,
    });
  // the model's chunks (src/model/flush.ts chunkRegime): cuts a day by reason, their mean compressed size, copies stored
  const regime = p.storage.chunks;
  const cuts = regime ? regime.cuts.filter((c) => c.perStreamPerDay > 0) : [];
  const cutsPerDay = cuts.reduce((a, c) => a + c.perStreamPerDay, 0);
  const modelChunk = cutsPerDay > 0 ? cuts.reduce((a, c) => a + c.perStreamPerDay * c.compressedBytes, 0) / cutsPerDay : null;
  const assumed = regime?.assumed ? ' (assumed)' : '';
  row('ingest per day', value('gbPerDay'), p.workload.bytesPerDay / 1e9, (v) => `${fmtNum(v, 4)} GB`);
  row('peak factor', value('peakFactor'), s.ingest.peakFactor, (v) => fmtNum(v, 4));
  row('average line size', value('avgLineSize'), s.ingest.avgLineBytes, (v) => `${fmtNum(v, 4)} B`);
  row('unique streams', value('streams'), s.ingest.streams, (v) => fmtNum(v, 4));
  row('replication factor', value('replicationFactor'), s.deployment.replicationFactor, (v) => fmtNum(v));
  row('compression ratio', value('compressionRatio'), s.storage.compressionRatio, (v) => fmtNum(v, 4));
  row('flushed chunk size', value('chunkSize'), modelChunk, (v) => fmtBytes(v, false), assumed);
  row('chunk copies stored', value('storedCopies'), regime ? regime.storedCopies : s.storage.storedCopies, (v) => fmtNum(v, 4));
  row('query bytes per day', value('queryScannedPerDay'), s.query.scannedBytesPerDay, (v) => `${fmtBytes(v, false)}`);
  const shares = (rs: { reason: string; share: number }[]) => rs.map((r) => `${r.reason} ${fmtNum(r.share * 100, 3)}%`).join(', ');
  figures.push({
    what: 'flush reasons',
    observed: cal.flushReasons.length ? shares(cal.flushReasons) : 'not measured',
    modelled: cutsPerDay > 0 ? `${shares(cuts.map((c) => ({ reason: REASON_OF_CUT[c.reason], share: c.perStreamPerDay / cutsPerDay })).sort((a, b) => b.share - a.share))}${regime?.assumed ? ' (assumed: no ingest.streams)' : ''}` : 'not modelled (no chunks to object storage)',
    difference: null,
    words: true,
  });
  return {
    source: `lokiplan calibrate from ${cal.prometheus}, ${cal.window.promql} to ${cal.window.end}`,
    targets,
    unmatched,
    figures,
  };
}
