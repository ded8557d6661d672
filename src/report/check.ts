/** Renders a check report: a table for people, JSON for CI. Pure. */
import { fmtHeadroom } from '../model/check.js';
import type { CheckReport, CheckRow } from '../model/types.js';
import { fmtNum, fmtRate, plural } from '../model/format.js';
import { fitTable, fitText } from './fit.js';

function amount(r: CheckRow, v: number | null): string {
  if (v === null) return '-';
  if (r.unit === 'bytes/s') return fmtRate(v);
  if (r.unit === 'streams') return `${fmtNum(v)} streams`;
  if (r.unit === 'GiB') return `${fmtNum(v)} GiB`;
  return fmtNum(v);
}

const STATUS: Record<CheckRow['status'], string> = { ok: 'ok', fail: 'FAIL', degraded: 'degraded', unchecked: 'unchecked' };

export function renderCheckTable(c: CheckReport, width?: number): string {
  const out: string[] = [];
  const repl = c.zones > 1 ? `${c.zoneAware ? 'zone-aware' : 'not zone-aware'} replication` : 'one zone';
  const failingChecks = c.rows.filter((r) => r.status === 'fail').length;
  out.push(`lokiplan check: ${c.scenario}`);
  out.push(c.holds ? '  Verdict: HOLDS' : `  Verdict: DOES NOT HOLD (${failingChecks} failing check${failingChecks === 1 ? '' : 's'})`);
  out.push(`  ${c.mode}; replication factor ${c.replicationFactor} over ${plural(c.zones, 'zone')}, ${repl}; failure tolerance ${c.failureTolerance}; profile ${c.profile}`);
  const l = c.limits.deployed;
  out.push(
    `  limits (${c.limits.basis}): ingestion_rate_mb ${fmtNum(l.ingestionRateMB)}, burst ${fmtNum(l.ingestionBurstSizeMB)}, per_stream_rate_limit ${fmtNum(l.perStreamRateLimitBytes / 2 ** 20)}MB, max_global_streams_per_user ${fmtNum(l.maxGlobalStreamsPerUser)}`,
  );
  const sections: [CheckRow['case'], string][] = [
    ['failure-tolerance', `With ${plural(c.failureTolerance, 'replica')} of every target lost`],
    ['zone-loss', 'With one whole zone lost'],
    ['memory', 'Ingester memory and WAL disk (from active streams)'],
    ['limits', 'Per-tenant limits'],
  ];
  for (const [kase, title] of sections) {
    const rows = c.rows.filter((r) => r.case === kase);
    if (!rows.length) continue;
    // one target for the whole section (the tenant of the limits): named in the title, not on every row
    const one = rows.every((r) => r.target === rows[0]!.target) && kase === 'limits';
    out.push('', one ? `${title} (${rows[0]!.target})` : title);
    const t = [['target', 'condition', 'left', 'demand', 'capacity', 'headroom', 'binding', 'status', 'detail']];
    for (const r of rows) {
      t.push([r.target, r.condition, r.left === null ? '-' : String(r.left), amount(r, r.demand), amount(r, r.capacity), fmtHeadroom(r.headroom), r.binding, STATUS[r.status], r.detail]);
    }
    const from = one ? 1 : 0;
    const body = t.map((r) => r.slice(from));
    const at = (cs: number[]) => cs.map((c) => c - from).filter((c) => c >= 0);
    // too wide: the binding constraint moves under its row, beside the detail
    out.push(fitTable(body, (['l', 'l', 'r', 'r', 'r', 'r'] as const).slice(from), { width, flex: 8 - from, wrap: at([1, 6, 0]), spill: at([6]) }));
  }
  const failing = c.rows.filter((r) => r.status === 'fail').length;
  out.push('', c.holds ? 'Verdict: HOLDS' : `Verdict: DOES NOT HOLD (${failing} failing check${failing === 1 ? '' : 's'})`);
  if (c.fixes.length) {
    out.push('What to change');
    for (const f of c.fixes) out.push(`  - ${f}`);
  }
  return `${fitText(out.join('\n'), width)}\n`;
}

export function renderCheckJson(cs: CheckReport[]): string {
  const body = cs.map((c) => ({ ...c, rows: c.rows.map((r) => ({ ...r, headroom: r.headroom === null || Number.isFinite(r.headroom) ? r.headroom : null })) }));
  return `${JSON.stringify(body.length === 1 ? body[0] : body, null, 2)}\n`;
}
