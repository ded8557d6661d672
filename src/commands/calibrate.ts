/**
 * `lokiplan calibrate --prometheus URL`: measure a running Loki's workload from its Prometheus
 * metrics (src/calibrate), print the figures with their PromQL (table) or the measurements (json),
 * and with `--out FILE` write the scenario they imply. Nothing is written unless every measurement
 * ran and the scenario loads.
 */
import { resolve } from 'node:path';
import type { RunContext } from './context.js';
import { SourceError } from '../errors.js';
import { calibrate, checkSelector, type Calibration } from '../calibrate/measure.js';
import { calibrationScenario } from '../calibrate/scenario.js';
import { renderCalibration } from '../report/calibrate.js';
import { httpPrometheus } from '../sources/prometheus.js';
import { MODES } from '../model/modes/index.js';
import { loadScenario } from '../scenario/load.js';
import { writeAtomic } from './io.js';
import { terminalWidth, type TerminalOptions } from './terminal.js';

export interface CalibrateOptions extends TerminalOptions {
  prometheus: string;
  window: string;
  end?: string;
  selector?: string;
  tenant?: string;
  namespace?: string;
  replicationFactor?: string;
  retention?: string;
  name?: string;
  region: string;
  out?: string;
  format: 'table' | 'json';
  timeout: string;
}

const DAY = 86400;
const UNIT_SECONDS: Record<string, number> = { w: 7 * DAY, d: DAY, h: 3600, m: 60 };

/** `7d`, `36h`, `2w`: whole units; bounded to 1 day .. 90 days (Prometheus's default retention is 15 days). */
export function parseWindow(s: string): number {
  const m = /^(\d{1,4})([wdhm])$/.exec(s.trim());
  const sec = m ? Number(m[1]) * UNIT_SECONDS[m[2]!]! : NaN;
  if (!(sec >= DAY && sec <= 90 * DAY)) throw new SourceError(`--window must be a duration from 1d to 90d such as 7d, 36h or 2w, got ${JSON.stringify(s).slice(0, 40)}`);
  return sec;
}

/** `30d`, `30 days`, `720h`: the retention to write, in days. */
function parseRetention(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(d|days?|h|hours?)$/.exec(s.trim());
  const days = m ? (m[2]!.startsWith('h') ? Number(m[1]) / 24 : Number(m[1])) : NaN;
  if (!(days >= 1 && days <= 3652.5)) throw new SourceError(`--retention must be a duration from 1 day to 10 years such as 30d or 720h, got ${JSON.stringify(s).slice(0, 40)}`);
  return days;
}

/** `2026-12-07T14:00:00Z` or unix seconds; not in the future. */
function parseEnd(s: string | undefined, now: Date): Date {
  if (s === undefined) return new Date(Math.floor(now.getTime() / 1000) * 1000);
  const d = /^\d{9,11}(\.\d+)?$/.test(s) ? new Date(Number(s) * 1000) : /^\d{4}-\d\d-\d\dT/.test(s) ? new Date(s) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new SourceError(`--end must be an RFC 3339 time such as 2026-12-07T00:00:00Z or unix seconds, got ${JSON.stringify(s).slice(0, 40)}`);
  if (d.getTime() > now.getTime() + 60_000) throw new SourceError(`--end ${d.toISOString()} is in the future`);
  return d;
}

function parseRf(s: string | undefined): number | null {
  if (s === undefined) return null;
  const n = Number(s);
  if (!(Number.isInteger(n) && n >= 1 && n <= 9)) throw new SourceError(`--replication-factor must be a whole number from 1 to 9, got ${JSON.stringify(s).slice(0, 20)}`);
  return n;
}

/** Every target name of every mode: what a workload's name may end with. */
const COMPONENTS = [...new Set(Object.values(MODES).flatMap((m) => m.targets.map((t) => t.name)))];

export async function runCalibrate(o: CalibrateOptions, ctx: RunContext): Promise<number> {
  const timeout = Number(o.timeout);
  if (!(timeout > 0 && timeout <= 600)) throw new SourceError(`--timeout must be seconds from 1 to 600, got ${JSON.stringify(o.timeout).slice(0, 20)}`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(o.region)) throw new SourceError(`--region must be an AWS region code such as us-east-1, got ${JSON.stringify(o.region).slice(0, 40)}`);
  const input = {
    end: parseEnd(o.end, ctx.now()),
    windowSeconds: parseWindow(o.window),
    selector: checkSelector(o.selector ?? ''),
    tenant: o.tenant ?? null,
    namespace: o.namespace ?? null,
    replicationFactor: parseRf(o.replicationFactor),
    retentionDays: o.retention === undefined ? null : parseRetention(o.retention),
  };
  const api = httpPrometheus(o.prometheus, ctx.env, { timeoutMs: timeout * 1000 });
  const cal = await calibrate(api, input, COMPONENTS);
  const measuredAt = ctx.now().toISOString();
  if (o.out) {
    const yaml = calibrationScenario(cal, { name: o.name ?? `Calibrated from ${cal.prometheus} (${cal.window.promql} to ${cal.window.end.slice(0, 10)})`, region: o.region, measuredAt });
    // what we write must load as a scenario: checked before the file exists
    const path = resolve(ctx.cwd, o.out);
    loadScenario(path, (p) => {
      if (p !== path) throw new SourceError(`the calibrated scenario cannot extend ${p}`);
      return yaml;
    });
    writeAtomic(o.out, yaml, ctx);
  }
  if (o.format === 'json') ctx.stdout(`${JSON.stringify({ ...cal, measuredAt } satisfies Calibration & { measuredAt: string }, null, 2)}\n`);
  else ctx.stdout(renderCalibration(cal, terminalWidth(ctx, o)));
  if (o.out) ctx.stderr(`wrote ${o.out}${cal.problems.length ? ` (${cal.problems.length} figure${cal.problems.length === 1 ? '' : 's'} not measured: see its comments)` : ''}\n`);
  return 0;
}
