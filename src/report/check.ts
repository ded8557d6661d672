/** Renders a check report: a table for people, JSON for CI. Pure. */
import { fmtHeadroom } from '../model/check.js';
import type { CheckReport, CheckRow } from '../model/types.js';
import { fmtNum, fmtRate, plural } from '../model/format.js';
import { fitTable, fitText } from './fit.js';
import type { Table } from './sections.js';

function amount(r: CheckRow, v: number | null): string {
  if (v === null) return '-';
  if (r.unit === 'bytes/s') return fmtRate(v);
  if (r.unit === 'streams') return `${fmtNum(v)} streams`;
  if (r.unit === 'GiB') return `${fmtNum(v)} GiB`;
  return fmtNum(v);
}

const STATUS: Record<CheckRow['status'], string> = { ok: 'ok', fail: 'FAIL', degraded: 'degraded', unchecked: 'unchecked' };

/** The check's cases in the order a reader meets them (verdict.ts's order too), each with its title. */
export function checkSections(c: Pick<CheckReport, 'failureTolerance'>): [CheckRow['case'], string][] {
  return [
    ['normal', 'Normal load (nothing lost)'],
    ['failure-tolerance', `With ${plural(c.failureTolerance, 'replica')} of every target lost`],
    ['zone-loss', 'With one whole zone lost'],
    ['limits', 'Per-tenant limits'],
    ['memory', 'Ingester memory and WAL disk (from active streams)'],
  ];
}

/** One table per case of the check (the terminal, Markdown and HTML renderings share them). */
export function checkTables(c: CheckReport): { case: CheckRow['case']; title: string; table: Table }[] {
  return checkSections(c).flatMap(([kase, title]) => {
    const rows = c.rows.filter((r) => r.case === kase);
    if (!rows.length) return [];
    return [
      {
        case: kase,
        title,
        table: {
          head: ['target', 'condition', 'left', 'demand', 'capacity', 'headroom', 'binding', 'status', 'detail'],
          align: ['l', 'l', 'r', 'r', 'r', 'r', 'l', 'l', 'l'],
          rows: rows.map((r) => [r.target, r.condition, r.left === null ? '-' : String(r.left), amount(r, r.demand), amount(r, r.capacity), fmtHeadroom(r.headroom), r.binding, STATUS[r.status], r.detail]),
        },
      },
    ];
  });
}

/** The check's heading lines: verdict, deployment, limits (every rendering). */
export function checkHeader(c: CheckReport): string[] {
  const repl = c.zones > 1 ? `${c.zoneAware ? 'zone-aware' : 'not zone-aware'} replication` : 'one zone';
  const failing = c.rows.filter((r) => r.status === 'fail').length;
  const l = c.limits.deployed;
  return [
    c.holds ? 'Verdict: HOLDS' : `Verdict: DOES NOT HOLD (${failing} failing check${failing === 1 ? '' : 's'})`,
    `${c.mode}; replication factor ${c.replicationFactor} over ${plural(c.zones, 'zone')}, ${repl}; failure tolerance ${c.failureTolerance}; profile ${c.profile}`,
    `limits (${c.limits.basis}): ingestion_rate_mb ${fmtNum(l.ingestionRateMB)}, burst ${fmtNum(l.ingestionBurstSizeMB)}, per_stream_rate_limit ${fmtNum(l.perStreamRateLimitBytes / 2 ** 20)}MB, max_global_streams_per_user ${fmtNum(l.maxGlobalStreamsPerUser)}`,
  ];
}

export function renderCheckTable(c: CheckReport, width?: number): string {
  const out: string[] = [];
  const [verdict, ...head] = checkHeader(c);
  out.push(`lokiplan check: ${c.scenario}`, `  ${verdict}`, ...head.map((h) => `  ${h}`));
  for (const { case: kase, title, table } of checkTables(c)) {
    // one target for the whole section (the tenant of the limits): named in the title, not on every row
    const one = kase === 'limits' && table.rows.every((r) => r[0] === table.rows[0]![0]);
    out.push('', one ? `${title} (${table.rows[0]![0]})` : title);
    const from = one ? 1 : 0;
    const at = (cs: number[]) => cs.map((x) => x - from).filter((x) => x >= 0);
    // too wide: the binding constraint moves under its row, beside the detail
    const t = [table.head, ...table.rows].map((r) => r.slice(from));
    out.push(fitTable(t, table.align.slice(from), { width, flex: 8 - from, wrap: at([1, 6, 0]), spill: at([6]) }));
  }
  out.push('', verdict!);
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
