/**
 * costs.xlsx in a real spreadsheet application (issue 27): LibreOffice Calc from Debian's packages
 * (`libreoffice-calc-nogui`, installed by .ci/run) opens the workbook headless under en-US and
 * under de-DE (a fresh user profile per run, its locale set there, formulas recalculated on load)
 * and exports every sheet as CSV, as shown. Then:
 * - the de-DE export really is German (decimal comma), so the locale took effect;
 * - the Summary's formulas give the plan's totals to the cent in both locales: per category, per
 *   price status, the baseline; the Lines sheet's costs are the plan's rounded lines;
 * - an account id 012345678901 keeps its leading zero (a text cell), in both.
 * Skips with a message when soffice is absent (outside CI; in CI its absence fails).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRICE_STATUS_ORDER, priceStatus } from '../src/model/price-status.js';
import { CATEGORIES, type Plan } from '../src/model/types.js';
import { chargePeriod } from '../src/report/period.js';
import { renderWorkbook } from '../src/report/xlsx.js';
import { CATEGORY_LABEL } from '../src/text/labels.js';
import { roundTotals } from '../src/text/money.js';
import { parseCsv } from './csv-parse.js';
import { loadScenario } from '../src/scenario/load.js';
import { planOf, read, ROOT } from './helpers.js';

const SOFFICE = process.env['SOFFICE_PATH'] ?? '/usr/bin/soffice';
const available = (() => {
  try {
    readFileSync(SOFFICE);
    return true;
  } catch {
    return false;
  }
})();
if (!available) console.warn(`skipping the LibreOffice workbook test: no soffice at ${SOFFICE} (apt-get install libreoffice-calc-nogui)`);

it.runIf(process.env['CI'])('LibreOffice is installed in CI', () => {
  expect(available, `no soffice at ${SOFFICE} (.ci/run installs libreoffice-calc-nogui)`).toBe(true);
});

const LOCALES = { 'en-US': { group: ',', decimal: '.' }, 'de-DE': { group: '.', decimal: ',' } } as const;
type Locale = keyof typeof LOCALES;

/** A user profile that sets Calc's locale and recalculates every formula of an .xlsx on load. */
function profile(dir: string, locale: Locale): string {
  mkdirSync(join(dir, 'user'), { recursive: true });
  writeFileSync(
    join(dir, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>${locale}</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  return pathToFileURL(dir).href;
}

/** A number as the locale shows it ("2.203,26" in de-DE) in cents. */
function cents(text: string, locale: Locale): number {
  const { group, decimal } = LOCALES[locale];
  const plain = text.split(group).join('').replace(decimal, '.');
  expect(plain, `not a ${locale} number: ${text}`).toMatch(/^-?\d+(\.\d+)?$/);
  return Math.round(Number(plain) * 100);
}

/** ghost-protocol.yaml with an all-digit account id that starts with a zero (quoted, as the README asks) */
const WITH_ACCOUNT = `extends: ${JSON.stringify(join(ROOT, 'scenarios/ghost-protocol.yaml'))}\nname: Finance copy\nbilling: { accountId: "012345678901", accountName: Platform }\n`;

describe.skipIf(!available)('costs.xlsx in LibreOffice Calc under en-US and de-DE', () => {
  let dir: string;
  let plan: Plan;
  const sheets: Record<Locale, Record<string, Record<string, string>[]>> = { 'en-US': {}, 'de-DE': {} };
  const raw: Record<Locale, string> = { 'en-US': '', 'de-DE': '' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lokiplan-xlsx-'));
    writeFileSync(join(dir, 'finance.yaml'), WITH_ACCOUNT);
    plan = planOf(loadScenario(join(dir, 'finance.yaml'), read));
    expect(plan.baseline).not.toBeNull();
    const file = join(dir, 'costs.xlsx');
    writeFileSync(file, await renderWorkbook(plan, chargePeriod('2027-01')));
    // one LibreOffice per locale, each with its own profile (parallel runs do not share one)
    await Promise.all(
      (Object.keys(LOCALES) as Locale[]).map(async (locale) => {
        const out = join(dir, locale);
        mkdirSync(out);
        // CSV, UTF-8, as shown (the locale's own separators), every sheet (-1)
        await promisify(execFile)(
          SOFFICE,
          [`-env:UserInstallation=${profile(join(dir, `profile-${locale}`), locale)}`, '--headless', '--norestore', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', '--outdir', out, file],
          { timeout: 90000, env: { ...process.env, HOME: dir } },
        );
        for (const f of readdirSync(out)) {
          const sheet = f.replace(/^costs-/, '').replace(/\.csv$/, '');
          const text = readFileSync(join(out, f), 'utf8');
          if (sheet === 'Summary') raw[locale] = text;
          // Summary has no header row: read it as rows of cells under A, B, C, ...
          sheets[locale][sheet] = sheet === 'Summary' ? parseCsv(`A,B,C,D,E\n${text}`) : parseCsv(text);
        }
      }),
    );
  }, 120000);
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  const row = (locale: Locale, key: string) => {
    const r = sheets[locale]['Summary']!.find((x) => x['A'] === key);
    expect(r, `no Summary row ${key}`).toBeDefined();
    return r!;
  };

  it('every sheet is there in both locales, and de-DE shows German numbers', () => {
    for (const locale of Object.keys(LOCALES) as Locale[]) expect(Object.keys(sheets[locale]).sort()).toEqual(['Assumptions', 'Baseline lines', 'Lines', 'Summary']);
    expect(row('de-DE', 'total')['C']).toMatch(/^\d{1,3}(\.\d{3})*,\d{2}$/);
    expect(row('en-US', 'total')['C']).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(raw['de-DE']).not.toBe(raw['en-US']);
  });

  for (const locale of Object.keys(LOCALES) as Locale[]) {
    it(`${locale}: the Summary's formulas give the plan's totals to the cent`, () => {
      const r = roundTotals(plan.lines, CATEGORIES);
      expect(cents(row(locale, 'total')['C']!, locale)).toBe(r.total);
      expect(Number(row(locale, 'total')['B'])).toBe(plan.lines.length);
      for (const c of CATEGORIES) expect(cents(row(locale, CATEGORY_LABEL[c])['C']!, locale), c).toBe(r.byCategory[c]);
      // per price status: the lines of that status, and together the total
      let sum = 0;
      for (const st of PRICE_STATUS_ORDER) {
        const want = plan.lines.reduce((a, l, i) => a + (priceStatus(l) === st ? r.lines[i]! : 0), 0);
        const got = cents(row(locale, st)['C']!, locale);
        expect(got, st).toBe(want);
        sum += got;
      }
      expect(sum).toBe(r.total);
      const base = sheets[locale]['Summary']!.find((x) => x['A']!.startsWith('baseline total'))!;
      expect(cents(base['C']!, locale)).toBe(roundTotals(plan.baseline!.lines, CATEGORIES).total);
    });

    it(`${locale}: lines are numbers, ids are text (the account id keeps its zero)`, () => {
      const lines = sheets[locale]['Lines']!;
      const r = roundTotals(plan.lines, CATEGORIES);
      expect(lines.map((l) => l['line id'])).toEqual(plan.lines.map((l) => l.id));
      lines.forEach((l, i) => {
        expect(cents(l['monthly cost (USD)']!, locale), l['line id']).toBe(r.lines[i]);
        expect(l['billing account id']).toBe('012345678901');
        expect(l['price status']).toBe(priceStatus(plan.lines[i]!));
      });
      expect(row(locale, 'billing account id')['B']).toBe('012345678901');
      expect(row(locale, 'hours priced a month')['B']).toBe(String(plan.hoursPerMonth));
      expect(row(locale, 'charge period')['B']).toContain('January 2027 (744 hours), priced as a 730-hour month');
    });
  }

  it('the two locales agree on every figure', () => {
    for (const sheet of ['Summary', 'Lines', 'Baseline lines']) {
      const en = sheets['en-US'][sheet]!;
      const de = sheets['de-DE'][sheet]!;
      expect(de.length).toBe(en.length);
      en.forEach((r, i) => {
        for (const [k, v] of Object.entries(r)) {
          if (/^-?[\d,]*\d(\.\d+)?%?$/.test(v) && /\d/.test(v)) {
            const num = (s: string, l: Locale) => cents(s.replace('%', ''), l);
            expect(num(de[i]![k]!, 'de-DE'), `${sheet} row ${i + 2} ${k}`).toBe(num(v, 'en-US'));
          }
        }
      });
    }
  });
});
