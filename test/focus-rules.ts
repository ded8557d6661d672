/**
 * A test-side interpreter of the FinOps Foundation's FOCUS 1.2 rule set (test/fixtures/focus/,
 * copied from github.com/finopsfoundation/focus_validator @ 240cea2). It applies THEIR rules, as
 * data, to a CSV the way the validator does:
 *
 * - loading (`focus_validator/data_loaders/csv_data_loader.py`): Polars reads the CSV and infers
 *   each column's type from its values (empty cells and "NULL"/"INVALID..." are null); a column
 *   that is all null gets the type its rules name. So an all-digit text column loads as BIGINT and
 *   fails TypeString, and a decimal column whose values are all integers loads as BIGINT and fails
 *   TypeDecimal, exactly as in the real tool.
 * - checks (`config_objects/focus_to_duckdb_converter.py`, one generator per CheckFunction): each
 *   leaf counts violating rows with SQL NULL semantics (a null never equals a value), restricted by
 *   the rule's Condition, the Conditions of the rules it depends on, and the Conditions of the
 *   Composite rules that reference it (`__generate_duckdb_check__`). Products are compared as
 *   DOUBLE, as DuckDB does.
 * - skipping: Dynamic rules and MAY/OPTIONAL rules are skipped (`build_check`); a rule whose
 *   ApplicabilityCriteria are not among those given is skipped with every rule that depends on it,
 *   and so is every rule of a column whose presence rule is not applicable
 *   (`_apply_non_applicable_skips`). CheckDecimalValue is skipped as in the validator.
 * - a rule that names a column the file lacks fails (DuckDB's binder error becomes a failure).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv-parse.js';

const DIR = join(import.meta.dirname, 'fixtures', 'focus');

type Spec = Record<string, unknown> & { CheckFunction?: string };
interface Rule {
  Function: string;
  Reference: string;
  EntityType: string;
  Type: 'Static' | 'Dynamic';
  ApplicabilityCriteria: string[];
  ValidationCriteria: { MustSatisfy: string; Keyword: string; Requirement: Spec; Condition: Spec; Dependencies: string[] };
}
interface Model {
  ApplicabilityCriteria: Record<string, unknown>;
  ModelRules: Record<string, Rule>;
}

export const MODEL: Model = JSON.parse(readFileSync(join(DIR, 'model-1.2.json'), 'utf8'));
const CURRENCIES = new Set(
  readFileSync(join(DIR, 'currency_codes.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[1]!.trim()),
);

type ColType = 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'TIMESTAMP WITH TIME ZONE';
type Row = Record<string, string | null>;
export interface Dataset {
  columns: Set<string>;
  types: Record<string, ColType>;
  rows: Row[];
}

const NULLS = new Set(['', 'INVALID', 'INVALID_COST', 'BAD_DATE', 'INVALID_DECIMAL', 'INVALID_INT', 'NULL']);
const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The type a column's rules give it, for all-null columns (the loader forces the spec's type). */
function specType(col: string): ColType {
  for (const r of Object.values(MODEL.ModelRules)) {
    const q = r.ValidationCriteria.Requirement;
    if (q.ColumnName !== col) continue;
    if (q.CheckFunction === 'TypeDecimal') return 'DOUBLE';
    if (q.CheckFunction === 'TypeDateTime') return 'TIMESTAMP WITH TIME ZONE';
  }
  return 'VARCHAR';
}

/** Load a CSV as the validator's Polars loader does (types inferred from the values). */
export function loadFocusCsv(text: string): Dataset {
  const raw = parseCsv(text);
  const header = text.replace(/^\uFEFF/, '').split('\n', 1)[0]!;
  const columns = new Set(Object.keys(parseCsv(`${header}\n${header}\n`)[0]!));
  const rows: Row[] = raw.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, NULLS.has(v) ? null : v])));
  const types: Record<string, ColType> = {};
  for (const c of columns) {
    const vals = rows.map((r) => r[c]).filter((v): v is string => v !== null && v !== undefined);
    if (vals.length === 0) types[c] = specType(c);
    else if (vals.every((v) => INT.test(v))) types[c] = 'BIGINT';
    else if (vals.every((v) => FLOAT.test(v))) types[c] = 'DOUBLE';
    else if (vals.every((v) => ISO_DATETIME.test(v) && !Number.isNaN(Date.parse(v)))) types[c] = 'TIMESTAMP WITH TIME ZONE';
    else types[c] = 'VARCHAR';
  }
  return { columns, types, rows };
}

class MissingColumn extends Error {}

/** FOCUS Unit Format, as FormatUnitGenerator._generate_unit_format_regex builds it. */
const UNIT_FORMAT = (() => {
  const data = ['b', 'Kb', 'Mb', 'Gb', 'Tb', 'Pb', 'Eb', 'B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB', 'Kib', 'Mib', 'Gib', 'Tib', 'Pib', 'Eib', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'].join('|');
  const ts = ['Year', 'Month', 'Day', 'Hour', 'Minute', 'Second'].join('|');
  const tp = ['Years', 'Months', 'Days', 'Hours', 'Minutes', 'Seconds'].join('|');
  const count = '[A-Za-z][A-Za-z0-9]*(?:\\s+[A-Za-z][A-Za-z0-9]*)*';
  const p = [
    `^(${data}|${ts}|${tp}|${count})$`,
    `^(${data}|${count})-(${tp})$`,
    `^(${data}|${count}|${tp})/(${ts})$`,
    `^[0-9]+ (${data}|${ts}|${tp}|${count})$`,
    `^(${data}|${count}|${tp})/[0-9]+ (${tp})$`,
  ];
  return new RegExp(p.map((x) => `(${x})`).join('|'));
})();

type Pred = (r: Row) => boolean;

function get(d: Dataset, r: Row, col: unknown): string | null {
  const c = String(col);
  if (!d.columns.has(c)) throw new MissingColumn(c);
  return r[c] ?? null;
}
const isNum = (d: Dataset, col: unknown) => d.types[String(col)] === 'BIGINT' || d.types[String(col)] === 'DOUBLE';
/** SQL `col = literal`: numeric columns compare as numbers, text as text. */
function eq(d: Dataset, col: unknown, v: string, lit: unknown): boolean {
  return isNum(d, col) && typeof lit === 'number' ? Number(v) === lit : v === String(lit);
}

/**
 * A leaf check as (violation predicate, condition-mode predicate), per generator. `viol(r)` says
 * the row breaks the requirement; `holds(r)` is the predicate_sql used when the check appears in
 * a Condition.
 */
function leaf(d: Dataset, s: Spec): { viol: Pred; holds: Pred } | 'skip' | 'present' | 'distinct' {
  const col = s.ColumnName;
  const t = () => d.types[String(col)];
  const v = (r: Row) => get(d, r, col);
  switch (s.CheckFunction) {
    case 'ColumnPresent':
      return 'present';
    case 'CheckDistinctCount':
      return 'distinct';
    case 'CheckDecimalValue':
      return 'skip';
    case 'TypeString':
      return { viol: (r) => v(r) !== null && t() !== 'VARCHAR', holds: (r) => v(r) !== null && t() === 'VARCHAR' };
    case 'TypeDecimal':
      return { viol: (r) => v(r) !== null && t() !== 'DOUBLE', holds: (r) => v(r) !== null && t() === 'DOUBLE' };
    case 'TypeDateTime':
    case 'FormatDateTime': {
      const ok = (x: string) => t() === 'TIMESTAMP WITH TIME ZONE' || /^\d{4}-[0-1]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\dZ$/.test(x);
      return { viol: (r) => v(r) !== null && !ok(v(r)!), holds: (r) => v(r) !== null && ok(v(r)!) };
    }
    case 'FormatNumeric': {
      const ok = (x: string) => /^[+-]?([0-9]*[.])?[0-9]+([eE][+-]?[0-9]+)?$/.test(x.trim());
      return { viol: (r) => v(r) !== null && !ok(v(r)!), holds: (r) => v(r) !== null && ok(v(r)!) };
    }
    case 'FormatString': {
      const ok = (x: string) => /^[\x00-\x7f]*$/.test(x);
      return { viol: (r) => v(r) !== null && !ok(v(r)!), holds: (r) => v(r) !== null && ok(v(r)!) };
    }
    case 'FormatCurrency': {
      const ok = (x: string) => /^[A-Z]{3}$/.test(x.trim());
      return { viol: (r) => v(r) !== null && !ok(v(r)!), holds: (r) => v(r) !== null && ok(v(r)!) };
    }
    case 'CheckNationalCurrency':
    case 'FormatBillingCurrencyCode': {
      const ok = (x: string) => CURRENCIES.has(x.trim());
      return { viol: (r) => v(r) !== null && !ok(v(r)!), holds: (r) => v(r) !== null && ok(v(r)!) };
    }
    case 'FormatUnit': {
      const ok = (x: string) => UNIT_FORMAT.test(x);
      return { viol: (r) => v(r) !== null && !ok(v(r)!), holds: (r) => v(r) !== null && ok(v(r)!) };
    }
    case 'FormatKeyValue': {
      const ok = (x: string) => {
        try {
          JSON.parse(x);
          return true;
        } catch {
          return false;
        }
      };
      return { viol: (r) => v(r) !== null && !ok(v(r)!), holds: (r) => v(r) !== null && ok(v(r)!) };
    }
    case 'CheckValue':
      return s.Value === null
        ? { viol: (r) => v(r) !== null, holds: (r) => v(r) === null }
        : { viol: (r) => v(r) !== null && !eq(d, col, v(r)!, s.Value), holds: (r) => v(r) !== null && eq(d, col, v(r)!, s.Value) };
    case 'CheckNotValue':
      return s.Value === null
        ? { viol: (r) => v(r) === null, holds: (r) => v(r) !== null }
        : { viol: (r) => v(r) !== null && eq(d, col, v(r)!, s.Value), holds: (r) => v(r) !== null && !eq(d, col, v(r)!, s.Value) };
    case 'CheckSameValue':
    case 'CheckNotSameValue': {
      const a = (r: Row) => get(d, r, s.ColumnAName);
      const b = (r: Row) => get(d, r, s.ColumnBName);
      const both = (r: Row) => a(r) !== null && b(r) !== null;
      const same = (r: Row) => both(r) && a(r) === b(r);
      const differ = (r: Row) => both(r) && a(r) !== b(r);
      return s.CheckFunction === 'CheckSameValue' ? { viol: differ, holds: same } : { viol: same, holds: differ };
    }
    case 'CheckGreaterOrEqualThanValue':
      return { viol: (r) => v(r) !== null && Number(v(r)) < Number(s.Value), holds: (r) => v(r) !== null && Number(v(r)) >= Number(s.Value) };
    case 'ColumnByColumnEqualsColumnValue': {
      const all = (r: Row) => [s.ColumnAName, s.ColumnBName, s.ResultColumnName].map((c) => get(d, r, c));
      // DuckDB multiplies and compares DOUBLEs (the columns load as Float64)
      const match = (r: Row) => {
        const [a, b, x] = all(r).map(Number) as [number, number, number];
        return a * b === x;
      };
      const nn = (r: Row) => all(r).every((x) => x !== null);
      return { viol: (r) => nn(r) && !match(r), holds: (r) => nn(r) && match(r) };
    }
    default:
      throw new Error(`no interpreter for CheckFunction ${String(s.CheckFunction)}`);
  }
}

/** A requirement tree of row checks only (no rule references, presence or group counts). */
function rowLevel(s: Spec): boolean {
  if (s.CheckFunction === 'AND' || s.CheckFunction === 'OR') return ((s.Items as Spec[]) ?? []).every(rowLevel);
  return !['CheckModelRule', 'ColumnPresent', 'CheckDistinctCount'].includes(String(s.CheckFunction));
}

/** Whether a row breaks a row-level requirement tree. */
function rowViolation(d: Dataset, s: Spec): Pred {
  if (s.CheckFunction === 'AND' || s.CheckFunction === 'OR') {
    const parts = ((s.Items as Spec[]) ?? []).map((x) => rowViolation(d, x));
    return s.CheckFunction === 'AND' ? (r) => parts.some((p) => p(r)) : (r) => parts.every((p) => p(r));
  }
  const l = leaf(d, s);
  return typeof l === 'string' ? () => false : l.viol;
}

/** A Condition spec as a row predicate (`_compile_condition_with_generators`); null = no filter. */
function condition(d: Dataset, s: Spec | undefined): Pred | null {
  if (!s || !s.CheckFunction) return null;
  if (s.CheckFunction === 'AND' || s.CheckFunction === 'OR') {
    const parts = ((s.Items as Spec[]) ?? []).map((x) => condition(d, x)).filter((p): p is Pred => p !== null);
    if (s.CheckFunction === 'AND') return parts.length ? (r) => parts.every((p) => p(r)) : () => true;
    return parts.length ? (r) => parts.some((p) => p(r)) : () => false;
  }
  if (s.CheckFunction === 'CheckModelRule') return null; // no predicate form in the validator
  // a leaf without its column keys compiles to no filter (REQUIRED_KEYS missing -> None)
  if (!('ColumnName' in s) && !('ColumnAName' in s)) return null;
  const l = leaf(d, s);
  return typeof l === 'string' ? null : l.holds;
}

export interface RuleResult {
  id: string;
  status: 'pass' | 'fail' | 'skip';
  keyword: string;
  violations: number;
  why: string;
  mustSatisfy: string;
}

export interface ValidateOptions {
  /** applicability criteria that hold for the dataset (the validator's --applicability-criteria) */
  criteria: readonly string[];
  /** evaluate the rules of RULE_DEFECTS too (to show they fail a file that follows the spec) */
  applyDefective?: boolean;
}

/** Apply every FOCUS 1.2 rule to a dataset. */
export function validateFocus(d: Dataset, o: ValidateOptions): Map<string, RuleResult> {
  const rules = MODEL.ModelRules;
  const criteria = new Set(o.criteria);
  // dependents: rule -> rules that reference it (structurally) or list it in Dependencies
  const dependents = new Map<string, Set<string>>();
  const link = (from: string, to: string) => {
    if (!dependents.has(from)) dependents.set(from, new Set());
    dependents.get(from)!.add(to);
  };
  for (const [id, r] of Object.entries(rules)) {
    for (const dep of r.ValidationCriteria.Dependencies) if (rules[dep]) link(dep, id);
    if (r.Function === 'Composite') {
      for (const it of (r.ValidationCriteria.Requirement.Items as Spec[] | undefined) ?? []) {
        if (it.CheckFunction === 'CheckModelRule' && rules[String(it.ModelRuleId)]) link(String(it.ModelRuleId), id);
      }
    }
  }
  // not applicable: the rule, everything depending on it, and every rule of a non-applicable column
  const applicable = (r: Rule) => r.ApplicabilityCriteria.length === 0 || r.ApplicabilityCriteria.some((c) => criteria.has(c));
  const notApplicable = new Set<string>();
  const columnsOff = new Set<string>();
  const mark = (id: string) => {
    if (notApplicable.has(id)) return;
    notApplicable.add(id);
    for (const x of dependents.get(id) ?? []) mark(x);
  };
  for (const [id, r] of Object.entries(rules)) {
    if (!applicable(r)) {
      mark(id);
      if (r.Function === 'Presence' && r.EntityType === 'Dataset' && r.Reference !== 'CostAndUsage') columnsOff.add(r.Reference);
    }
  }
  for (const id of Object.keys(rules)) if (columnsOff.has(id.split('-')[0]!)) notApplicable.add(id);

  const out = new Map<string, RuleResult>();
  const evaluate = (id: string, stack: string[] = []): RuleResult => {
    const done = out.get(id);
    if (done) return done;
    const r = rules[id];
    if (!r) throw new Error(`rule ${id} referenced but not defined`);
    if (stack.includes(id)) throw new Error(`rule cycle: ${[...stack, id].join(' > ')}`);
    const vc = r.ValidationCriteria;
    const base = { id, keyword: vc.Keyword, mustSatisfy: vc.MustSatisfy };
    let res: RuleResult;
    if (r.Type === 'Dynamic') res = { ...base, status: 'skip', violations: 0, why: 'dynamic rule' };
    else if (RULE_DEFECTS[id] && !o.applyDefective) res = { ...base, status: 'skip', violations: 0, why: `rule data defect: ${RULE_DEFECTS[id]}` };
    else if (vc.Keyword === 'MAY' || vc.Keyword === 'OPTIONAL') res = { ...base, status: 'skip', violations: 0, why: 'optional rule' };
    else if (notApplicable.has(id)) res = { ...base, status: 'skip', violations: 0, why: 'not applicable' };
    else res = { ...base, ...run(id, r, [...stack, id]) };
    out.set(id, res);
    return res;
  };

  /** The effective row condition of a rule's leaf checks. */
  const rowCondition = (id: string, r: Rule): Pred => {
    const specs: (Spec | undefined)[] = [r.ValidationCriteria.Condition];
    for (const dep of r.ValidationCriteria.Dependencies) specs.push(rules[dep]?.ValidationCriteria.Condition);
    if (r.Function === 'Composite') {
      for (const it of (r.ValidationCriteria.Requirement.Items as Spec[] | undefined) ?? []) {
        if (it.CheckFunction === 'CheckModelRule') specs.push(rules[String(it.ModelRuleId)]?.ValidationCriteria.Condition);
      }
    }
    for (const x of dependents.get(id) ?? []) if (rules[x]!.Function === 'Composite') specs.push(rules[x]!.ValidationCriteria.Condition);
    const preds = specs.map((s) => condition(d, s)).filter((p): p is Pred => p !== null);
    return (row) => preds.every((p) => p(row));
  };

  const run = (id: string, r: Rule, stack: string[]): Pick<RuleResult, 'status' | 'violations' | 'why'> => {
    let cond: Pred;
    try {
      cond = rowCondition(id, r);
      d.rows.forEach((row) => cond(row)); // a condition on a missing column fails the rule
    } catch (e) {
      if (e instanceof MissingColumn) return { status: 'fail', violations: 1, why: `missing column ${e.message}` };
      throw e;
    }
    const check = (s: Spec): { ok: boolean; violations: number; why: string } => {
      const items = (s.Items as Spec[] | undefined) ?? [];
      if ((s.CheckFunction === 'OR' || s.CheckFunction === 'AND') && rowLevel(s)) {
        // row by row: a row breaks an OR of value checks when it breaks every item ("one of the
        // allowed values"), an AND when it breaks any. Stricter than the validator, whose OR
        // passes when any item matches any row (CompositeORRuleGenerator._or_special_executor).
        try {
          const viol = rowViolation(d, s);
          const bad = d.rows.filter((row) => cond(row) && viol(row));
          const col = String(items[0]?.ColumnName ?? '');
          return { ok: bad.length === 0, violations: bad.length, why: bad.length ? `${bad.length} rows, e.g. ${col}=${JSON.stringify(bad[0]![col] ?? null)}` : '' };
        } catch (e) {
          if (e instanceof MissingColumn) return { ok: false, violations: 1, why: `missing column ${e.message}` };
          throw e;
        }
      }
      if (s.CheckFunction === 'AND' || s.CheckFunction === 'OR') {
        const parts = items.map(check);
        const ok = s.CheckFunction === 'AND' ? parts.every((p) => p.ok) : parts.some((p) => p.ok);
        return { ok, violations: ok ? 0 : parts.filter((p) => !p.ok).length, why: parts.filter((p) => !p.ok).map((p) => p.why).join('; ') };
      }
      if (s.CheckFunction === 'CheckModelRule') {
        const ref = evaluate(String(s.ModelRuleId), stack);
        return { ok: ref.status !== 'fail', violations: ref.status === 'fail' ? 1 : 0, why: ref.status === 'fail' ? `${ref.id} fails` : '' };
      }
      try {
        const l = leaf(d, s);
        if (l === 'skip') return { ok: true, violations: 0, why: '' };
        if (l === 'present') {
          const ok = d.columns.has(String(s.ColumnName));
          return { ok, violations: ok ? 0 : 1, why: ok ? '' : `column ${String(s.ColumnName)} is missing` };
        }
        if (l === 'distinct') {
          const groups = new Map<string | null, Set<string>>();
          for (const row of d.rows.filter(cond)) {
            const a = get(d, row, s.ColumnAName);
            const b = get(d, row, s.ColumnBName);
            if (!groups.has(a)) groups.set(a, new Set());
            if (b !== null) groups.get(a)!.add(b);
          }
          const bad = [...groups].filter(([, set]) => set.size !== Number(s.ExpectedCount));
          return { ok: bad.length === 0, violations: bad.length, why: bad.map(([a, set]) => `${String(a)}: ${[...set].join(', ')}`).join('; ') };
        }
        const bad = d.rows.filter((row) => l.viol(row) && cond(row));
        const col = String(s.ColumnName ?? s.ResultColumnName ?? '');
        return { ok: bad.length === 0, violations: bad.length, why: bad.length ? `${bad.length} rows, e.g. ${col}=${JSON.stringify(bad[0]![col] ?? null)}` : '' };
      } catch (e) {
        if (e instanceof MissingColumn) return { ok: false, violations: 1, why: `missing column ${e.message}` };
        throw e;
      }
    };
    const c = check(r.ValidationCriteria.Requirement);
    return { status: c.ok ? 'pass' : 'fail', violations: c.violations, why: c.why };
  };

  for (const id of Object.keys(rules)) evaluate(id);
  return out;
}

/**
 * What AWS supports, for its own FOCUS export, in the validator's applicability criteria. Left out:
 * MULTIPLE_BILLING_ACCOUNT_TYPES_SUPPORTED and MULTIPLE_SUB_ACCOUNT_TYPES_SUPPORTED (one of each
 * for a plan), PRICING_BILLING_CURRENCY_DIFFERENCES_SUPPORTED and VIRTUAL_CURRENCY_SUPPORTED
 * (lokiplan prices and bills in USD only).
 */
export const AWS_CRITERIA = [
  'ACCOUNT_NAMING_SUPPORTED',
  'AVAILABILITY_ZONE_SUPPORTED',
  'CAPACITY_RESERVATION_SUPPORTED',
  'COMMITMENT_DISCOUNT_SUPPORTED',
  'MULTIPLE_PRICING_CATEGORIES_SUPPORTED',
  'NEGOTIATED_PRICING_SUPPORTED',
  'PUBLIC_PRICE_LIST_SUPPORTED',
  'USAGE_MEASUREMENT_SUPPORTED',
  'UNIT_PRICING_SUPPORTED',
  'SUB_ACCOUNT_SUPPORTED',
  'BILLING_BASED_ON_PROVISIONED_RESOURCES_SUPPORTED',
  'RESOURCE_TYPE_ASSIGNMENT_SUPPORTED',
  'REGION_SUPPORTED',
  'TAGGING_SUPPORTED',
] as const;

/**
 * Rules whose data in model-1.2.json @ 240cea2 contradicts their own MustSatisfy text, so that a
 * conforming file fails them in the validator too. The interpreter skips them; test/focus.test.ts
 * checks that each one still fails on a file that follows the spec's text, so the list cannot hide
 * a rule that would pass anyway.
 */
export const RULE_DEFECTS: Readonly<Record<string, string>> = {
  'CommitmentDiscountStatus-C-003-C':
    'says "MUST be null when CommitmentDiscountId is null" but its Requirement is CheckNotValue(CommitmentDiscountStatus, null): it demands a status on every row without a commitment',
  'CommitmentDiscountStatus-C-004-C':
    'says "MUST NOT be null when CommitmentDiscountId is not null" but its Condition is CheckValue(CommitmentDiscountId, null): it applies to the rows without a commitment',
  'CommitmentDiscountStatus-C-005-M':
    'lists Active, Expired and Pending as the allowed values; FOCUS 1.2 allows "Used" and "Unused" (https://focus.finops.org/focus-specification/v1-2/, CommitmentDiscountStatus)',
  'InvoiceId-C-005-C':
    'says "MUST NOT be null when the charge is associated with an issued or provisional invoice" but its Condition is empty, as is that of InvoiceId-C-004-C ("MUST be null when the charge is not associated with an invoice"): applied to every row, one of the two fails whatever InvoiceId holds. Their OR, InvoiceId-C-003-C, is the rule a dataset can meet; a plan has no invoice, so InvoiceId is null and C-004-C holds',
  'CapacityReservationStatus-C-004-C':
    'its Condition {"AND": [...]} has no CheckFunction, so the validator compiles no filter and demands a CapacityReservationStatus on every row, not only where CapacityReservationId is set',
};

/**
 * Failing rules that count: a rule that fails but is one alternative of an OR composite that
 * holds (e.g. InvoiceId-C-005-C under InvoiceId-C-003-C) is not a failure of the dataset.
 */
export function failures(res: Map<string, RuleResult>): RuleResult[] {
  const excused = new Set<string>();
  for (const [id, r] of Object.entries(MODEL.ModelRules)) {
    const q = r.ValidationCriteria.Requirement;
    if (q.CheckFunction !== 'OR' || res.get(id)?.status !== 'pass') continue;
    for (const it of (q.Items as Spec[]) ?? []) if (it.CheckFunction === 'CheckModelRule') excused.add(String(it.ModelRuleId));
  }
  return [...res.values()].filter((r) => r.status === 'fail' && !excused.has(r.id));
}
