/** One verdict in every format: the capacity check's status per case, and the price of holding. Pure. */
import type { CheckCase, CheckStatus } from '../model/types.js';
import type { Plan, SidePlan } from '../model/types.js';
import { toCents, usd } from '../text/money.js';

const CASE_LABEL: Record<CheckCase, string> = { normal: 'normal load', 'failure-tolerance': 'replica loss', 'zone-loss': 'zone loss', limits: 'tenant limits', memory: 'ingester memory' };
const RANK: Record<CheckStatus, number> = { fail: 3, degraded: 2, unchecked: 1, ok: 0 };

/** The capacity check's verdict per case (replica loss, zone loss, tenant limits): the worst row's status. */
export function verdictCases(p: SidePlan): { case: CheckCase; label: string; status: CheckStatus }[] {
  return (Object.keys(CASE_LABEL) as CheckCase[]).flatMap((k) => {
    const rows = p.verdict.rows.filter((r) => r.case === k);
    if (!rows.length) return [];
    const status = rows.reduce<CheckStatus>((w, r) => (RANK[r.status] > RANK[w] ? r.status : w), 'ok');
    return [{ case: k, label: CASE_LABEL[k], status }];
  });
}

/** "replica loss ok; zone loss FAIL; tenant limits ok" */
export const verdictText = (p: SidePlan): string => verdictCases(p).map((c) => `${c.label} ${c.status === 'fail' ? 'FAIL' : c.status}`).join('; ');

const signed = (cents: number) => `${cents >= 0 ? '+' : '-'}${usd(Math.abs(cents))}`;

/** The verdict and, when it does not hold, the price of holding: lines of plain text, shown first. */
export function verdictLines(p: Plan): string[] {
  const out = [`${p.meetsTarget ? 'HOLDS' : 'DOES NOT HOLD'} (lokiplan check): ${verdictText(p)}`];
  const h = p.holding;
  if (!h) return out;
  const asWritten = toCents(h.asWritten);
  const option = (what: string, o: NonNullable<typeof h.withinMode>) =>
    `${what}: ${usd(toCents(o.monthly))} a month (${signed(toCents(o.monthly) - asWritten)} on ${usd(asWritten)} as written)${o.changes.length ? `: ${o.changes.join('; ')}` : ''}`;
  out.push(h.withinMode ? option(`cheapest change within ${p.mode} that holds`, h.withinMode) : `no change within ${p.mode} holds: ${h.withinModeWhyNot}`);
  out.push(h.cheapestMode ? option(`cheapest other mode that holds, ${h.cheapestMode.mode}`, h.cheapestMode) : 'no other mode holds either');
  return out;
}


/** The meeting's three questions, answered first in the HTML and Markdown reports. */
export interface VerdictAnswer {
  holds: boolean;
  /** "HOLDS (lokiplan check): normal load ok; ..." */
  verdict: string;
  /** the failing checks in the order a reader meets them: normal load, replica loss, zone loss, tenant limits, memory */
  breaks: string[];
  /** when it holds: the row with the least headroom, in words (null when nothing is compared) */
  tightest: string | null;
  /** the check's "What to change" */
  changes: string[];
  /** the price of holding (lokiplan's holding quote), or [] when it holds */
  holding: string[];
}

const caseOrder = (k: CheckCase): number => Object.keys(CASE_LABEL).indexOf(k);

export function verdictAnswer(p: Plan): VerdictAnswer {
  const c = p.capacity;
  const [verdict, ...holding] = verdictLines(p);
  const failing = c.rows.filter((r) => r.status === 'fail').sort((a, b) => caseOrder(a.case) - caseOrder(b.case));
  const words = (r: (typeof c.rows)[number]) => `${CASE_LABEL[r.case]}: ${r.target === 'tenant' ? r.condition : `${r.target}, ${r.condition}`}: ${r.detail}`;
  const compared = c.rows.filter((r) => r.headroom !== null && Number.isFinite(r.headroom));
  const tight = compared.length ? compared.reduce((a, b) => (b.headroom! < a.headroom! ? b : a)) : null;
  return { holds: c.holds, verdict: verdict!, breaks: failing.map(words), tightest: c.holds && tight ? words(tight) : null, changes: c.fixes, holding };
}

/** The cheapest plan that holds (lokiplan's holding quote): within the mode or another mode; null when the plan holds or nothing does. */
export function holdingPrice(p: Plan): { mode: string; cents: number; within: boolean } | null {
  const h = p.holding;
  if (!h) return null;
  const options = [h.withinMode ? { mode: h.withinMode.mode, cents: toCents(h.withinMode.monthly), within: true } : null, h.cheapestMode ? { mode: h.cheapestMode.mode, cents: toCents(h.cheapestMode.monthly), within: false } : null].filter((x) => x !== null);
  return options.length ? options.reduce((a, b) => (b.cents < a.cents ? b : a)) : null;
}
