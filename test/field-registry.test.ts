/**
 * One place per scenario field (issue 25 item 1): the zod schema (src/scenario/schema.ts) is the
 * registry of the fields a scenario has. Every field it declares must be in the editor's JSON
 * Schema, be a what-if field (sweep/sensitivity/uncertainty take its path) and be documented in
 * the README; a field added to the schema alone fails here, naming what is missing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchema } from '../src/scenario/json-schema.js';
import { scenarioSchema } from '../src/scenario/schema.js';
import { resolvePath } from '../src/whatif/fields.js';
import { cli, ROOT } from './helpers.js';

type Def = { type: string; shape?: Record<string, { _zod: { def: Def } }>; innerType?: { _zod: { def: Def } }; options?: { _zod: { def: Def } }[]; out?: { _zod: { def: Def } }; in?: { _zod: { def: Def } } };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** Every field path the zod schema declares, down to its leaves (a record, a list or a scalar ends a path). */
function fieldPaths(d: Def, path: string[] = []): string[][] {
  if (d.type === 'optional' || d.type === 'nullable' || d.type === 'default') return fieldPaths(defOf(d.innerType), path);
  if (d.type === 'pipe') return fieldPaths(defOf(d.out!.constructor === Object ? d.in : d.out), path);
  if (d.type === 'object') return Object.entries(d.shape!).flatMap(([k, v]) => [[...path, k], ...fieldPaths(defOf(v), [...path, k]).filter((p) => p.length > path.length + 1)]);
  if (d.type === 'union') return d.options!.flatMap((o) => fieldPaths(defOf(o), path)).filter((p) => p.length > path.length);
  return [];
}

type Json = { properties?: Record<string, Json>; anyOf?: Json[]; oneOf?: Json[]; allOf?: Json[] };
/** The JSON Schema node of a path, through anyOf/oneOf/allOf. */
function schemaAt(node: Json | undefined, path: readonly string[]): Json | undefined {
  if (!node || path.length === 0) return node;
  const [head, ...rest] = path as [string, ...string[]];
  if (node.properties?.[head]) return schemaAt(node.properties[head], rest);
  for (const alt of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) {
    const hit = schemaAt(alt, path);
    if (hit) return hit;
  }
  return undefined;
}

const paths = fieldPaths(defOf(scenarioSchema)).map((p) => p.join('.'));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SCHEMA = jsonSchema('scenario') as Json;

describe('every scenario field is in every place a field must be', () => {
  it('the registry is read (nested fields included)', () => {
    expect(paths.length).toBeGreaterThan(60);
    for (const p of ['retention', 'ingest.volume', 'storage.lifecycle', 'limits.ingestion_rate_mb', 'network.grpcCompression', 'alternatives.hotDays']) expect(paths).toContain(p);
  });
  it.each(paths)('%s', (path) => {
    const missing: string[] = [];
    if (!schemaAt(SCHEMA, path.split('.'))) missing.push('the JSON Schema (src/scenario/json-schema.ts)');
    try {
      expect(resolvePath(path).path).toBe(path);
    } catch {
      missing.push('the what-if fields (src/whatif/fields.ts)');
    }
    const leaf = path.split('.').at(-1)!;
    if (!new RegExp(`\\b${leaf}\\b`).test(README)) missing.push(`the README (no "${leaf}")`);
    expect(missing, `${path} is missing from ${missing.join(', ')}`).toEqual([]);
  });
});

describe('a field new to the what-if list', () => {
  it('sweep --vary limits.ingestion_rate_mb=4,8,16 runs, one row per value', async () => {
    const r = await cli(['sweep', 'scenarios/ghost-protocol.yaml', '--vary', 'limits.ingestion_rate_mb=4,8,16']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^limits\.ingestion_rate_mb,total,/);
    expect(rows.slice(1).map((l) => l.split(',')[0])).toEqual(['4', '8', '16']);
  });
});
