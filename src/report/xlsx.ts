/**
 * costs.xlsx: the plan as a workbook finance can open in any locale (issue 27 item 3). Pure: Plan
 * and charge period in, bytes out; exceljs (a well-kept OOXML writer, rather than hand-written
 * XML) is imported only when a workbook is asked for.
 *
 * - Numbers are numeric cells (a spreadsheet shows them with its own locale's separators, and
 *   SUM works everywhere); ids, keys and names are text cells, so an account id 012345678901
 *   keeps its leading zero and nothing is read as a formula.
 * - "Lines" holds one row per cost line, its monthly cost the line rounded to the cent as every
 *   other format rounds it (model roundTotals), with its price status (model/price-status.ts).
 * - "Summary" derives its totals with formulas over "Lines" (SUM, SUMIF, COUNTIF): per category,
 *   per price status and in all, against the baseline's and the omitted lines' own sheets.
 * - The month priced is `hoursPerMonth` hours, said beside the charge period.
 */
import type { Workbook, Worksheet } from 'exceljs';
import { PRICE_STATUS_ORDER, PRICE_STATUSES, priceStatus } from '../model/price-status.js';
import { CATEGORIES, type CostLine, type Plan } from '../model/types.js';
import { CATEGORY_LABEL } from '../text/labels.js';
import { roundTotals } from '../text/money.js';
import { periodText, type ChargePeriod } from './period.js';
import { holdingPrice, verdictLines } from './verdict.js';

const MONEY = '#,##0.00';
const QUANTITY = '#,##0.######';
const PRICE = '0.##########';

/** Characters XML 1.0 cannot carry become U+FFFD (a scenario name is free text). */
const xmlSafe = (s: string): string => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');

/** The columns of a lines sheet: header, width, number format (text when absent), value. */
interface Column {
  head: string;
  width: number;
  format?: string;
  value(l: CostLine, cents: number, account: string): string | number;
}

const LINE_COLUMNS: readonly Column[] = [
  { head: 'line id', width: 34, value: (l) => l.id },
  { head: 'category', width: 12, value: (l) => CATEGORY_LABEL[l.category] },
  { head: 'resource', width: 30, value: (l) => l.resource },
  { head: 'quantity', width: 14, format: QUANTITY, value: (l) => l.quantity },
  { head: 'unit', width: 12, value: (l) => l.unit },
  { head: 'unit price (USD)', width: 14, format: PRICE, value: (l) => Number(l.unitPriceUsd) },
  { head: 'monthly cost (USD)', width: 16, format: MONEY, value: (_l, cents) => cents / 100 },
  { head: 'price status', width: 12, value: (l) => priceStatus(l) },
  { head: 'pricing category', width: 12, value: (l) => l.pricingCategory },
  { head: 'price key', width: 30, value: (l) => l.priceKey },
  { head: 'description', width: 60, value: (l) => l.description },
  { head: 'price source', width: 60, value: (l) => l.priceSource },
  { head: 'billing account id', width: 18, value: (_l, _c, account) => account },
];

/** Column letter of LINE_COLUMNS' `head` (A, B, ...). */
function col(head: string): string {
  const i = LINE_COLUMNS.findIndex((c) => c.head === head);
  if (i < 0 || i >= 26) throw new Error(`internal: no workbook column ${head}`);
  return String.fromCharCode(65 + i);
}

/** A lines sheet; returns the formula range of a column over its rows (e.g. Lines!$G$2:$G$27). */
function linesSheet(wb: Workbook, name: string, lines: readonly CostLine[], account: string): (head: string) => string {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = LINE_COLUMNS.map((c) => ({ header: c.head, width: c.width, ...(c.format ? { style: { numFmt: c.format } } : {}) }));
  ws.getRow(1).font = { bold: true };
  const cents = roundTotals(lines, CATEGORIES).lines;
  lines.forEach((l, i) => ws.addRow(LINE_COLUMNS.map((c) => { const v = c.value(l, cents[i]!, account); return typeof v === 'string' ? xmlSafe(v) : v; })));
  const last = Math.max(2, lines.length + 1);
  ws.autoFilter = { from: 'A1', to: `${String.fromCharCode(64 + LINE_COLUMNS.length)}${last}` };
  return (head) => `'${name}'!$${col(head)}$2:$${col(head)}$${last}`;
}

function label(ws: Worksheet, key: string, value: string | number, format?: string): void {
  const r = ws.addRow([key, typeof value === 'string' ? xmlSafe(value) : value]);
  r.getCell(1).font = { bold: true };
  if (format) r.getCell(2).numFmt = format;
}

/** The workbook's bytes (an .xlsx file). */
export async function renderWorkbook(p: Plan, period: ChargePeriod): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'lokiplan';
  // fixed dates: the same plan gives the same workbook (the model has no clock)
  wb.created = wb.modified = new Date(period.start);
  const account = p.billing?.accountId ?? '';
  const ws = wb.addWorksheet('Summary');
  const range = linesSheet(wb, 'Lines', p.lines, account);
  const base = p.baseline ? linesSheet(wb, 'Baseline lines', p.baseline.lines, account) : null;
  const omitted = p.omitted.length ? linesSheet(wb, 'Omitted lines', p.omitted, account) : null;
  ws.columns = [{ width: 30 }, { width: 18 }, { width: 18 }, { width: 12 }, { width: 80 }];

  ws.addRow([xmlSafe(p.scenario)]).font = { bold: true, size: 14 };
  label(ws, 'region', p.region);
  if (p.billing) label(ws, 'billing account id', p.billing.accountId), label(ws, 'billing account name', p.billing.accountName);
  label(ws, 'prices', `${p.prices.source} as of ${p.prices.asOf}`);
  label(ws, 'charge period', periodText(period, p.hoursPerMonth));
  label(ws, 'hours priced a month', p.hoursPerMonth);
  label(ws, 'verdict', verdictLines(p)[0]!);
  const hold = holdingPrice(p);
  if (hold) label(ws, `cheapest plan that holds (${hold.mode})`, hold.cents / 100, MONEY);
  ws.addRow([]);

  const cost = range('monthly cost (USD)');
  const head = ws.addRow(['category', 'lines', 'monthly cost (USD)']);
  head.font = { bold: true };
  for (const c of CATEGORIES) {
    const r = ws.addRow([CATEGORY_LABEL[c]]);
    const at = `A${r.number}`;
    r.getCell(2).value = { formula: `COUNTIF(${range('category')},${at})` };
    r.getCell(3).value = { formula: `SUMIF(${range('category')},${at},${cost})` };
    r.getCell(3).numFmt = MONEY;
  }
  const total = ws.addRow(['total']);
  total.font = { bold: true };
  total.getCell(2).value = { formula: `COUNTA(${range('line id')})` };
  total.getCell(3).value = { formula: `SUM(${cost})` };
  total.getCell(3).numFmt = MONEY;
  const totalCell = `$C$${total.number}`;
  const sum = (name: string, r: ((h: string) => string) | null) => {
    if (!r) return;
    const row = ws.addRow([name]);
    row.getCell(3).value = { formula: `SUM(${r('monthly cost (USD)')})` };
    row.getCell(3).numFmt = MONEY;
    return row.number;
  };
  const baseRow = sum(`baseline total (${p.baseline?.mode ?? ''})`, base);
  if (baseRow) {
    const d = ws.addRow(['difference']);
    d.getCell(3).value = { formula: `${totalCell}-C${baseRow}` };
    d.getCell(3).numFmt = MONEY;
  }
  sum('priced but left out of the totals', omitted);
  ws.addRow([]);

  const sh = ws.addRow(['price status', 'lines', 'monthly cost (USD)', 'share', 'meaning']);
  sh.font = { bold: true };
  for (const st of PRICE_STATUS_ORDER) {
    const r = ws.addRow([st]);
    const at = `A${r.number}`;
    r.getCell(2).value = { formula: `COUNTIF(${range('price status')},${at})` };
    r.getCell(3).value = { formula: `SUMIF(${range('price status')},${at},${cost})` };
    r.getCell(3).numFmt = MONEY;
    r.getCell(4).value = { formula: `IF(${totalCell}=0,0,C${r.number}/${totalCell})` };
    r.getCell(4).numFmt = '0.0%';
    r.getCell(5).value = PRICE_STATUSES[st];
  }
  ws.addRow([]);
  ws.addRow(['All amounts USD a month; each line rounded half-up to the cent, totals the sum of the rounded lines (as in every lokiplan format).']);

  const notes = wb.addWorksheet('Assumptions');
  notes.columns = [{ header: 'assumption', width: 90 }, { header: 'source', width: 90 }];
  notes.getRow(1).font = { bold: true };
  for (const a of p.assumptions) notes.addRow([xmlSafe(a.text), xmlSafe(a.source)]);

  return zipDated(new Uint8Array(await wb.xlsx.writeBuffer()), new Date(period.start));
}

/**
 * The zip's entry times set to `at` (UTC), in every local header and central-directory entry, so
 * the same plan gives the same bytes (exceljs's zip writer stamps each entry with the time of
 * writing). Layout: PKWARE APPNOTE 4.3.7 (local header: time at 10, date at 12) and 4.3.12
 * (central directory header: time at 12, date at 14), found through the end record (4.3.16).
 */
export function zipDated(zip: Uint8Array, at: Date): Uint8Array {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1);
  const date = ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  let end = zip.length - 22;
  while (end >= 0 && v.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('internal: the workbook is not a zip (no end of central directory)');
  const entries = v.getUint16(end + 10, true);
  let at2 = v.getUint32(end + 16, true);
  for (let i = 0; i < entries; i++) {
    if (v.getUint32(at2, true) !== 0x02014b50) throw new Error('internal: bad central directory entry in the workbook');
    v.setUint16(at2 + 12, time, true);
    v.setUint16(at2 + 14, date, true);
    const local = v.getUint32(at2 + 42, true);
    if (v.getUint32(local, true) !== 0x04034b50) throw new Error('internal: bad local header in the workbook');
    v.setUint16(local + 10, time, true);
    v.setUint16(local + 12, date, true);
    at2 += 46 + v.getUint16(at2 + 28, true) + v.getUint16(at2 + 30, true) + v.getUint16(at2 + 32, true);
  }
  return zip;
}
