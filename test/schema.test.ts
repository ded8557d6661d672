/**
 * JSON Schemas for the files people write (issue 11 item 3), checked with a real validator (ajv):
 * every shipped scenario, profile and price book validates; typical mistakes are rejected, as the
 * loader rejects them; the files in schemas/ are what the code generates; `lokiplan schema` prints them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCHEMA_NAMES, jsonSchema, schemaText } from '../src/scenario/json-schema.js';
import { cli, ROOT, scenarioOf, BASE, planOf } from './helpers.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validators = Object.fromEntries(SCHEMA_NAMES.map((n) => [n, ajv.compile(jsonSchema(n))]));
const valid = (name: (typeof SCHEMA_NAMES)[number], doc: unknown) => {
  const v = validators[name]!;
  return v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};
const yamlOf = (file: string) => parse(readFileSync(join(ROOT, file), 'utf8'));

describe('the schemas validate every shipped file', () => {
  const scenarios = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));
  it.each(scenarios)('scenarios/%s (and it names the schema for editors)', (f) => {
    const text = readFileSync(join(ROOT, 'scenarios', f), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/scenario.schema.json');
    expect(valid('scenario', yamlOf(`scenarios/${f}`))).toEqual([]);
  });
  it.each(readdirSync(join(ROOT, 'profiles')))('profiles/%s', (f) => {
    expect(valid('profile', JSON.parse(readFileSync(join(ROOT, 'profiles', f), 'utf8')))).toEqual([]);
  });
  it('the embedded price snapshot', () => {
    expect(valid('prices', JSON.parse(readFileSync(join(ROOT, 'src/sources/snapshot.json'), 'utf8')))).toEqual([]);
  });
  it('a scenario that extends another and deletes an inherited field with null', () => {
    expect(valid('scenario', { extends: 'ghost-protocol.yaml', storage: { lifecycle: null }, baseline: null, compute: { spot: { read: '50%' } } })).toEqual([]);
  });
});

describe('typical mistakes are rejected, by the schema and by the loader alike', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown key', { ...BASE, colour: 'blue' }, /additional properties|must NOT have additional properties/],
    ['a misspelt nested key', { ...BASE, ingest: { volum: '1 TB/day' } }, /additional properties/],
    ['a wrong unit (a size where a rate goes)', { ...BASE, ingest: { volume: '1 TB' } }, /pattern/],
    ['a wrong unit (not a duration)', { ...BASE, retention: '30 parsecs' }, /pattern/],
    ['a bad mode', { ...BASE, deployment: { mode: 'simple' } }, /allowed values/],
    ['a storage class S3 does not have', { ...BASE, storage: { lifecycle: [{ after: '0 days', class: 'COLD' }] } }, /allowed values/],
    ['a target no mode has', { ...BASE, targets: { writer: { replicas: 3 } } }, /property name|propertyNames|additional/],
    ['a region AWS does not have', { ...BASE, region: 'us-middle-1' }, /allowed values/],
  ];
  it.each(cases)('%s', (_what, doc, ajvMessage) => {
    const errs = valid('scenario', doc);
    expect(errs.join('; ')).toMatch(ajvMessage);
    expect(() => planOf(scenarioOf(doc))).toThrow();
  });
  it('a profile with an unknown field and a price book with a bad price are rejected', () => {
    expect(valid('profile', { schema: 'lokiplan-profile/1', extends: 'grafana-loki', colour: 1 })).not.toEqual([]);
    expect(valid('prices', { format: 'lokiplan-prices/1', currency: 'USD', regions: { 'us-east-1': { asOf: '2026-06', prices: { k: { unit: 'hour', usd: 'cheap', source: 'x' } } } } })).not.toEqual([]);
  });
});

describe('schemas are files in the package and a command prints them', () => {
  it.each(SCHEMA_NAMES)('schemas/%s.schema.json is what the code generates (npm run schemas)', (n) => {
    expect(readFileSync(join(ROOT, 'schemas', `${n}.schema.json`), 'utf8')).toBe(schemaText(n));
  });
  it('package.json ships schemas/', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).files).toContain('schemas');
  });
  it.each(SCHEMA_NAMES)('lokiplan schema %s', async (n) => {
    const r = await cli(['schema', n]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(schemaText(n));
  });
  it('lokiplan schema defaults to scenario and refuses an unknown kind', async () => {
    expect((await cli(['schema'])).stdout).toBe(schemaText('scenario'));
    expect((await cli(['schema', 'helm'])).code).toBe(2);
  });
});
