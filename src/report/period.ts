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

/** Hours in the charge period (744 for January, 672 for a February of 28 days). */
export function periodHours(p: ChargePeriod): number {
  return (Date.parse(p.end) - Date.parse(p.start)) / 3_600_000;
}

/**
 * The charge period and the month the plan prices, in words, for every format that names a period:
 * "January 2027 (744 hours), priced as a 730-hour month: hourly charges for its own 744 hours
 * would be 1.92% higher". The model has no clock, so it prices `hoursPerMonth` whatever the period.
 */
export function periodText(p: ChargePeriod, hoursPerMonth: number): string {
  const h = periodHours(p);
  const base = `${monthName(p)} (${h} hours), priced as a ${hoursPerMonth}-hour month`;
  if (h === hoursPerMonth) return base;
  const pct = Math.round((Math.abs(h / hoursPerMonth - 1) * 10000)) / 100;
  return `${base}: hourly charges for its own ${h} hours would be ${pct}% ${h > hoursPerMonth ? 'higher' : 'lower'}`;
}
