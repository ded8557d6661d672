/**
 * The charge period a report is labelled with. The model has no clock: the month comes from the
 * caller (`--period YYYY-MM`; the CLI defaults to the next calendar month), so renderers stay pure.
 */
export interface ChargePeriod {
  /** YYYY-MM */
  month: string;
  /** ISO 8601, inclusive, UTC */
  start: string;
  /** ISO 8601, exclusive (FOCUS convention), UTC */
  end: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isMonth = (s: string): boolean => MONTH.test(s);

export function chargePeriod(month: string): ChargePeriod {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`period ${JSON.stringify(month)} is not a month as YYYY-MM`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const next = mo === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${m[1]}-${String(mo + 1).padStart(2, '0')}`;
  return { month, start: `${month}-01T00:00:00Z`, end: `${next}-01T00:00:00Z` };
}

/** The calendar month after `now` (UTC), as YYYY-MM. */
export function nextMonth(now: Date): string {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** "July 2026" */
export function monthName(p: ChargePeriod): string {
  const [y, m] = p.month.split('-');
  const names = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${names[Number(m) - 1]} ${y}`;
}
