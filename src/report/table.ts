/** Terminal summary of a plan: workload, sizing, nodes, cost by category against the baseline, lines, warnings. */
import { verdictLines } from './verdict.js';
import { fmtBytes, fmtNum, fmtRate } from '../model/format.js';
import { regimeText } from '../model/flush.js';
import { CATEGORIES, type ActualsComparison, type Category, type CostLine, type Plan, type SidePlan } from '../model/types.js';
import { alternativesText } from './alternatives.js';
import { observedText } from './observed.js';
import { fits, fitTable, fitText } from './fit.js';
import { roundTotals, toCents, usd } from '../text/money.js';
import { CATEGORY_LABEL } from '../text/labels.js';

export { CATEGORY_LABEL };


/** Rows as a table, one line per row (display columns: CJK and emoji cells stay aligned). */
export function table(rows: string[][], align: ('l' | 'r')[] = []): string {
  return fitTable(rows, align);
}

const res = (cpu: number, gib: number) => `${fmtNum(cpu)} CPU / ${fmtNum(gib)} GiB`;

function workloadText(p: SidePlan): string {
  const w = p.workload;
  const lines = w.linesPerSecond ? ` (${fmtNum(w.linesPerSecond)} lines/s)` : '';
  return (
    `ingest ${fmtRate(w.avgBytesPerSecond)}${lines} = ${fmtBytes(w.bytesPerDay, false)}/day, peak ${fmtRate(w.peakBytesPerSecond)}; ` +
    `retention ${fmtNum(w.retentionDays)} days; queries ${fmtRate(w.queryAvgBytesPerSecond)} avg, ${fmtRate(w.queryPeakBytesPerSecond)} peak`
  );
}

/** Terminal options: the width to fit (COLUMNS or the tty; undefined: one line per row). */
export interface TableOptions {
  width?: number;
}

function sizingTable(p: SidePlan, width?: number): string {
  const rows = [['target', 'replicas', 'requests', 'limits', 'volume', 'spot', 'ok', 'why / verdict']];
  for (const t of p.topology.targets) {
    rows.push([
      t.name,
      t.replicas === t.ruleReplicas ? String(t.replicas) : `${t.replicas} (rule ${t.ruleReplicas})`,
      res(t.requests.cpu, t.requests.memoryGiB),
      res(t.limits.cpu, t.limits.memoryGiB),
      t.volumeGiB ? `${fmtNum(t.volumeGiB)} GiB` : '-',
      t.committedReplicas ? `${t.spotReplicas} (${t.committedReplicas} committed)` : String(t.spotReplicas),
      t.meetsTarget ? 'yes' : 'NO',
      t.reasons.map((r) => r.text).join('; '),
    ]);
    rows.push(['', '', '', '', '', '', '', `-> ${t.verdict}`]);
  }
  return fitTable(rows, ['l', 'r'], { width, flex: 7, wrap: [2, 3] });
}

function nodesText(p: SidePlan): string {
  if (p.nodes.length === 0) return '  (per-vCPU pricing: no nodes placed)';
  return p.nodes
    .map((g) => {
      const cpuPct = (100 * g.cpuRequested) / (g.count * g.allocatable.cpu);
      const memPct = (100 * g.memoryRequestedGiB) / (g.count * g.allocatable.memoryGiB);
      return `  ${g.capacityType}${g.dedicatedTo ? ` (${g.dedicatedTo} only)` : ''}: ${g.count} x ${g.instanceType} (${g.perZone.join('/')} per zone), requests use ${fmtNum(cpuPct, 2)}% CPU / ${fmtNum(memPct, 2)}% memory of allocatable\n    ${g.why}`;
    })
    .join('\n');
}

function linesTable(lines: CostLine[], width?: number): string {
  const cents = roundTotals(lines, CATEGORIES).lines;
  const rows = [['category', 'resource', 'quantity', 'unit', 'unit price', 'pricing', 'monthly', 'description']];
  lines.forEach((l, i) =>
    rows.push([l.category, l.resource, fmtNum(l.quantity, 4), l.unit, `$${l.unitPriceUsd}`, l.pricingCategory, usd(cents[i]!), l.description]),
  );
  const wide = table(rows, ['l', 'l', 'r', 'l', 'r', 'l', 'r']);
  if (fits(wide, width)) return wide;
  // narrow: the money on the row, what it is under it
  const narrow = [['resource', 'quantity', 'unit price', 'monthly', '']];
  lines.forEach((l, i) =>
    narrow.push([l.resource, `${fmtNum(l.quantity, 4)} ${l.unit}`, `$${l.unitPriceUsd}`, usd(cents[i]!), `${l.category}, ${l.pricingCategory}: ${l.description}`]),
  );
  return fitTable(narrow, ['l', 'r', 'r', 'r'], { width, flex: 4, wrap: [0, 1] });
}

/** The first thing to read: does it hold, and what does it cost (with the baseline and the claims). */
function verdictLine(p: Plan): string {
  const tot = roundTotals(p.lines, CATEGORIES).total;
  const b = p.baseline;
  const base = b ? `; baseline (${b.mode}) ${usd(roundTotals(b.lines, CATEGORIES).total)}${b.meetsTarget ? '' : ', NO: misses its target'}` : '';
  const failed = p.claims.filter((c) => !c.holds).length;
  const claims = p.claims.length ? `; claims: ${failed ? `${failed} of ${p.claims.length} FAIL` : `all ${p.claims.length} hold`}` : '';
  return `  meets target: ${p.meetsTarget ? 'yes' : 'NO'}; total ${usd(tot)} a month${base}${claims}`;
}

export function renderTable(p: Plan, o: TableOptions = {}): string {
  const width = o.width;
  const out: string[] = [];
  out.push(`${p.scenario}`);
  out.push(verdictLine(p));
  const pr = p.prices;
  out.push(
    `  ${p.mode}, ${p.region}; prices: ${pr.source} (${pr.region}) ${pr.fetchedAt ? `fetched ${pr.fetchedAt}` : `as of ${pr.asOf}`}${pr.spotWindow ? `; spot: average over ${pr.spotWindow}` : ''}; ${fmtNum(p.hoursPerMonth)} h/month; sizing profile ${p.topology.profileId}${p.topology.tier ? ` (tier ${p.topology.tier})` : ''}`,
  );
  if (pr.note) out.push(`  ${pr.note}`);
  out.push(`  ${workloadText(p)}`);
  out.push('', 'Verdict', ...verdictLines(p).map((l) => `  ${l}`));
  out.push('', 'Sizing', sizingTable(p, width));
  out.push('', 'Nodes', nodesText(p));
  if (p.storage.segments.length) {
    out.push('', 'S3 at steady state');
    for (const s of p.storage.segments) out.push(`  ${s.class.padEnd(24)} days ${fmtNum(s.fromDay)}-${fmtNum(s.toDay)}: ${fmtNum(s.gb)} GB`);
    out.push(`  ${fmtNum(p.storage.objects)} objects; ${fmtNum(p.storage.putsPerMonth + p.storage.indexPutsPerMonth)} PUT and ${fmtNum(p.storage.getsPerMonth)} GET a month`);
    if (p.storage.chunks) out.push(`  ${regimeText(p.storage.chunks)}`);
  }

  out.push('', 'Monthly cost (USD)');
  const b = p.baseline;
  const curR = roundTotals(p.lines, CATEGORIES);
  const baseR = b ? roundTotals(b.lines, CATEGORIES) : null;
  const cur = CATEGORIES.map((c) => curR.byCategory[c]!);
  const base = baseR ? CATEGORIES.map((c) => baseR.byCategory[c]!) : null;
  const rows = [['category', 'scenario', ...(b ? [`baseline (${b.mode})`, 'delta'] : [])]];
  CATEGORIES.forEach((c, i) => {
    rows.push([CATEGORY_LABEL[c], usd(cur[i]!), ...(base ? [usd(base[i]!), usd(cur[i]! - base[i]!)] : [])]);
  });
  const tot = curR.total;
  const btot = baseR ? baseR.total : 0;
  rows.push(['total', usd(tot), ...(b ? [usd(btot), usd(tot - btot)] : [])]);
  rows.push(['meets target', p.meetsTarget ? 'yes' : 'NO', ...(b ? [b.meetsTarget ? 'yes' : 'NO', ''] : [])]);
  out.push(table(rows, ['l', 'r', 'r', 'r']));

  if (p.actuals) out.push('', 'Actual spend (Cost Explorer)', actualsText(p.actuals));
  if (p.observed) out.push('', 'Modelled against observed (plan --observed)', observedText(p.observed, width));
  if (p.alternatives) out.push('', alternativesText(p));
  out.push('', 'Cost lines', linesTable(p.lines, width));
  if (p.omitted.length) out.push('', 'Priced but left out of the totals', linesTable(p.omitted, width));
  if (p.claims.length) {
    out.push('', 'Claims');
    for (const c of p.claims) {
      const claimed = c.claimed.low === c.claimed.high ? usd(toCents(c.claimed.low)) : `${usd(toCents(c.claimed.low))}..${usd(toCents(c.claimed.high))}`;
      out.push(`  ${c.holds ? 'holds ' : 'FAILS '} ${c.key}: claimed ${claimed}, modelled ${usd(toCents(c.actual))}`);
    }
  }
  const own = new Set(p.warnings.map((w) => w.message));
  const warnings = [
    ...p.warnings,
    ...(b ? b.warnings.filter((w) => !own.has(w.message)).map((w) => ({ ...w, message: `baseline: ${w.message}` })) : []),
  ];
  if (warnings.length) {
    out.push('', 'Warnings');
    for (const w of warnings) out.push(`  - ${w.message}`);
  }
  return `${fitText(out.join('\n'), width)}\n`;
}

/** Actual spend beside the modelled cost (plan --actuals). */
export function actualsText(c: ActualsComparison): string {
  const pct = c.variancePct === null ? '' : ` (${c.variancePct >= 0 ? '+' : ''}${fmtNum(c.variancePct * 100, 1)}%)`;
  return [
    `  actual spend, tag ${c.tag}: ${usd(toCents(c.actualMonthly))}/month (mean of ${c.months.filter((m) => !m.estimated).length} complete month${c.months.filter((m) => !m.estimated).length === 1 ? '' : 's'}: ${c.months.map((m) => `${m.start.slice(0, 7)} ${usd(toCents(m.amount))}${m.estimated ? ' estimated, left out' : ''}`).join(', ')})`,
    `  ${c.modelledSide} modelled: ${usd(toCents(c.modelledMonthly))}/month; variance (modelled - actual): ${usd(toCents(c.variance))}${pct}`,
    `  source: ${c.source}; fetched ${c.fetchedAt}`,
  ].join('\n');
}
