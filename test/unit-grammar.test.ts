/**
 * One unit grammar (issue 25 item 1, issue 27 item 5): the editors' JSON Schema (its patterns come
 * from src/scenario/grammar.ts) and the unit parser (src/scenario/units.ts, gated by the same
 * grammar) accept and refuse the same inputs. Both are fed one list, as a user would write it,
 * and each input is checked where the scenario takes that kind of quantity.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { jsonSchema } from '../src/scenario/json-schema.js';
import { parseQuantity, type Kind } from '../src/scenario/units.js';
import { cli } from './helpers.js';

const WHERE: Record<string, (v: string) => Record<string, unknown>> = {
  days: (v) => ({ retention: v }),
  bytesPerSecond: (v) => ({ ingest: { volume: v } }),
  linesPerSecond: (v) => ({ ingest: { rate: v } }),
  bytes: (v) => ({ ingest: { avgLineSize: v } }),
  memoryGiB: (v) => ({ targets: { write: { requests: { memory: v } } } }),
};

const INPUTS: [Kind, string][] = [
  ...(['3 months', '1 month', '2 weeks', '30d', '720h', '2w3d', '1y', '1 year', '2 years', '30 Days', '30 d', '4 wks', '36 hrs', '1,000 days', '30 m', '30 mins', '1 fortnight', '30', 'days', '1.5.2 days', '7 weeks ago'] as const).map((v): [Kind, string] => ['days', v]),
  ...(['12 TB/month', '12 TB per month', '400 Gi/day', '1 Ti/day', '1 TB/day', '1TB per day', '1 TB a day', '1 tb/d', '1,000 GB/day', '1 TIB/day', '60 MB/min', '7 TB/week', '1 Gb/day', '1,5 TB/day', '1 TB/m', '1 KB/s', '1 TB', '1 TB/fortnight', '400 gi/day', '1 ib/s', '1 TB/day/day'] as const).map((v): [Kind, string] => ['bytesPerSecond', v]),
  ...(['50,000 lines/s', '50,000 log lines/s', '50000 Lines per second', '3000000 logs/minute', '1 entry/s', '50,00 lines/s', '5 lines', '5 cats/s'] as const).map((v): [Kind, string] => ['linesPerSecond', v]),
  ...(['250 bytes', '250 B', '1.5 mb', '2 kB', '2 kib', '10Gi', '10 Gi', '2 k', '1,500.5 MB', '2 KB', '100 Mb', '5 foo', '250', '1,500 Mi', '5 ib'] as const).map((v): [Kind, string] => ['bytes', v]),
  ...(['6Gi', '512 MiB', '512Mi', '6', '6 Gb'] as const).map((v): [Kind, string] => ['memoryGiB', v]),
];

const ajv = new Ajv2020({ strict: false });
const validate = ajv.compile(jsonSchema('scenario'));
const parses = (v: string, kind: Kind): boolean => {
  try {
    parseQuantity(v, kind);
    return true;
  } catch {
    return false;
  }
};

describe('the JSON Schema and the unit parser accept and refuse the same inputs', () => {
  it('the list has both accepted and refused inputs of every kind', () => {
    for (const kind of Object.keys(WHERE)) {
      const mine = INPUTS.filter(([k]) => k === kind).map(([, v]) => parses(v, kind as Kind));
      expect(mine, kind).toContain(true);
      expect(mine, kind).toContain(false);
    }
  });
  it.each(INPUTS)('%s %j', (kind, v) => {
    const schema = validate(WHERE[kind]!(v)) as boolean;
    expect({ input: v, schema }).toEqual({ input: v, schema: parses(v, kind) });
  });
});

describe('units people type (issue 27 item 5)', () => {
  it('3 months of retention is 93 days, and the plan says so', async () => {
    expect(parseQuantity('3 months', 'days')).toBe(93);
    const { BASE, planOf, scenarioOf } = await import('./helpers.js');
    const p = planOf(scenarioOf({ ...BASE, retention: '3 months' }));
    const { renderTable } = await import('../src/report/table.js');
    expect(renderTable(p, { width: 200 })).toMatch(/retention 93 days/);
  });
  it('12 TB/month is 12 TB over a 730-hour month', () => {
    expect(parseQuantity('12 TB/month', 'bytesPerSecond') * 730 * 3600).toBeCloseTo(12e12, 0);
  });
  it('a --vary range whose ends have no unit refuses a step with one (7..180:1 week is not 7 to 180 weeks)', async () => {
    const r = await cli(['sweep', 'scenarios/monolithic.yaml', '--vary', 'retention=7..180:1 week']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ambiguous/);
    expect(r.stdout).toBe('');
    const ok = await cli(['sweep', 'scenarios/monolithic.yaml', '--vary', 'retention=7 days..21 days:7 days']);
    expect(ok.stderr).toBe('');
    expect(ok.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['7 days', '14 days', '21 days']);
  });
});
