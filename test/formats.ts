/**
 * What each output format says the money is: per side (scenario, baseline), the amount of every
 * cost line, every category and the total, in cents. The "adds up" property checks every format
 * listed here; a new renderer (csv, md, html) adds one extractor and is checked the same way.
 *
 * `tolerance` is in cents: 0 for formats rounded to the cent (lines half-up to the cent,
 * categories and totals as sums of line cents); JSON carries exact amounts to the micro-dollar.
 */
import type { Plan } from '../src/model/types.js';
import { CATEGORIES } from '../src/model/types.js';
import { renderJson } from '../src/report/json.js';
import { CATEGORY_LABEL, renderTable } from '../src/report/table.js';

export interface SideAmounts {
  side: string;
  /** [category, cents] per cost line */
  lines: [string, number][];
  byCategory: Record<string, number>;
  total: number;
}
export interface FormatAmounts {
  sides: SideAmounts[];
  tolerance: (lineCount: number) => number;
}
export type Extractor = (p: Plan) => FormatAmounts;

const cents = (usd: string): number => {
  const m = /^(-?)\$([\d,]+)\.(\d{2})$/.exec(usd.trim());
  if (!m) throw new Error(`not a cents amount: ${JSON.stringify(usd)}`);
  return (m[1] ? -1 : 1) * (Number(m[2]!.replace(/,/g, '')) * 100 + Number(m[3]));
};

/** Lines of one titled section of the table output, up to the next blank line. */
function section(text: string, title: string): string[] {
  const all = text.split('\n');
  const at = all.indexOf(title);
  if (at < 0) return [];
  const out: string[] = [];
  for (let i = at + 1; i < all.length && all[i] !== ''; i++) out.push(all[i]!);
  return out;
}

const MONEY = /-?\$[\d,]+\.\d+/g;

function fromTable(p: Plan): FormatAmounts {
  const text = renderTable(p);
  const summary = section(text, 'Monthly cost (USD)').slice(1);
  const label = Object.fromEntries(Object.entries(CATEGORY_LABEL).map(([k, v]) => [v, k]));
  const scen: SideAmounts = { side: 'scenario', lines: [], byCategory: {}, total: NaN };
  const base: SideAmounts = { side: 'baseline', lines: [], byCategory: {}, total: NaN };
  for (const row of summary) {
    const amounts = row.match(/-?\$[\d,]+\.\d{2}/g) ?? [];
    const name = row.slice(0, row.indexOf('$')).replace(/-$/, '').trim();
    if (name === 'total') {
      scen.total = cents(amounts[0]!);
      if (p.baseline) base.total = cents(amounts[1]!);
    } else if (label[name]) {
      scen.byCategory[label[name]!] = cents(amounts[0]!);
      if (p.baseline) base.byCategory[label[name]!] = cents(amounts[1]!);
    }
  }
  // cost lines: category is the first column, monthly the second money figure (after the unit price)
  for (const row of section(text, 'Cost lines').slice(1)) {
    const money = row.match(MONEY) ?? [];
    scen.lines.push([row.split(/\s+/)[0]!, cents(money[1]!)]);
  }
  const sides = [scen];
  if (p.baseline) {
    // the table prints the baseline's categories and total; its lines are in the JSON only
    base.lines = CATEGORIES.map((c) => [c, base.byCategory[c]!]);
    sides.push(base);
  }
  return { sides, tolerance: () => 0 };
}

function fromJson(p: Plan): FormatAmounts {
  const j = (JSON.parse(renderJson([p])) as { plans: unknown[] }).plans[0] as {
    lines: { category: string; monthlyCost: number }[];
    totals: { monthly: number; byCategory: Record<string, number> };
    baseline: null | { lines: { category: string; monthlyCost: number }[]; totals: { monthly: number; byCategory: Record<string, number> } };
  };
  const side = (name: string, s: NonNullable<typeof j.baseline>): SideAmounts => ({
    side: name,
    lines: s.lines.map((l) => [l.category, l.monthlyCost * 100]),
    byCategory: Object.fromEntries(Object.entries(s.totals.byCategory).map(([k, v]) => [k, v * 100])),
    total: s.totals.monthly * 100,
  });
  const sides = [side('scenario', j)];
  if (j.baseline) sides.push(side('baseline', j.baseline));
  // exact amounts rounded to the micro-dollar: each figure is off by at most half a micro-dollar
  return { sides, tolerance: (n) => (n + 1) * 1e-4 };
}

export const FORMATS: Record<string, Extractor> = {
  table: fromTable,
  json: fromJson,
};
