/** One verdict in every format: the capacity check's status per case, and the price of holding. Pure. */
import type { CheckCase, CheckStatus } from '../model/types.js';
import type { Plan, SidePlan } from '../model/types.js';
import { toCents, usd } from '../text/money.js';

const CASE_LABEL: Record<CheckCase, string> = { 'failure-tolerance': 'replica loss', 'zone-loss': 'zone loss', limits: 'tenant limits', memory: 'ingester memory' };
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

