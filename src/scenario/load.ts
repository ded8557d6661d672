/**
 * Scenario files: YAML -> `extends` chain merged -> schema-validated -> units normalised.
 * File reading is injected (the CLI passes fs), so this module does no I/O of its own.
 */
import { dirname, resolve } from 'node:path';
import { isNode, isScalar, parseDocument, visit, type Document } from 'yaml';
import { ScenarioError } from '../errors.js';
import type { Scenario } from '../model/types.js';
import { scenarioSchema, type RawScenario } from './schema.js';
import { yamlDepth } from './depth.js';
import { normalise } from './normalise.js';
import { show } from './units.js';

export type ReadText = (absPath: string) => string;

const MAX_EXTENDS = 16;
const MAX_BYTES = 1 << 20;
/** A scenario nests about 5 levels; far deeper is hostile (see depth.ts). */
const MAX_DEPTH = 64;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key; arrays and scalars replace; `null` removes the inherited value. */
export function deepMerge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else if (isObj(v) && isObj(out[k])) out[k] = deepMerge(out[k] as Obj, v);
    else out[k] = v;
  }
  return out;
}

function parseYaml(text: string, file: string): Obj {
  if (text.length > MAX_BYTES) throw new ScenarioError(file, '', `file is larger than ${MAX_BYTES} bytes`);
  if (text.includes('\uFFFD')) throw new ScenarioError(file, '', 'file is not valid UTF-8 text');
  if (yamlDepth(text) > MAX_DEPTH) throw new ScenarioError(file, '', `invalid YAML: nested more than ${MAX_DEPTH} levels deep`);
  // yaml's own uniqueKeys check is quadratic (3 s for 20,000 keys); duplicateKey() is linear
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
  const at = (pos: number) => {
    const offset = Math.min(pos, text.length);
    const before = text.slice(0, offset);
    return ` at line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`;
  };
  const first = doc.errors[0];
  if (first) {
    // where the stack ran out depends on the stack, not the file: no position for that one
    if (/call stack/i.test(first.message)) throw new ScenarioError(file, '', 'invalid YAML: nested too deeply');
    throw new ScenarioError(file, '', `invalid YAML${at(first.pos[0])}: ${first.message.split('\n')[0]}`);
  }
  const dup = duplicateKey(doc);
  if (dup) throw new ScenarioError(file, '', `invalid YAML${at(dup.pos)}: ${dup.why} ${show(dup.key)}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ScenarioError(file, '', `invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isObj(value)) throw new ScenarioError(file, '', `expected a mapping of scenario fields, got ${show(value)}`);
  return value;
}

/** The first key that appears twice in one mapping (YAML says keys are unique), found in linear time. */
function duplicateKey(doc: Document): { key: string; pos: number; why: string } | null {
  let found: { key: string; pos: number; why: string } | null = null;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key;
        if (k !== null && !isScalar(k)) {
          found = { key: String(k), pos: (isNode(k) && k.range?.[0]) || 0, why: 'a key must be a plain name, not a list or mapping' };
          return visit.BREAK;
        }
        const id = isScalar(k) ? String(k.value) : String(k); // as JS object keys: 1 and "1" collide
        if (seen.has(id)) {
          found = { key: isScalar(k) ? String(k.value) : String(k), pos: (isNode(k) && k.range?.[0]) || 0, why: 'duplicate key' };
          return visit.BREAK;
        }
        seen.add(id);
      }
      return undefined;
    },
  });
  return found;
}

/** Read a file and follow its `extends` chain; returns the merged raw document. */
function readChain(path: string, read: ReadText, seen: string[]): Obj {
  const abs = resolve(path);
  if (seen.includes(abs)) {
    throw new ScenarioError(seen[seen.length - 1]!, 'extends', `cycle: ${[...seen, abs].join(' -> ')}`);
  }
  if (seen.length >= MAX_EXTENDS) {
    throw new ScenarioError(abs, 'extends', `chain is deeper than ${MAX_EXTENDS} files`);
  }
  let text: string;
  try {
    text = read(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    if (!seen.length) throw new ScenarioError(path, '', why);
    throw new ScenarioError(seen[seen.length - 1]!, 'extends', `${path}: ${why}`);
  }
  const doc = parseYaml(text, path);
  const ext = doc['extends'];
  delete doc['extends'];
  if (ext === undefined) return doc;
  if (typeof ext !== 'string' || ext.length === 0) {
    throw new ScenarioError(path, 'extends', `must be a file path, got ${show(ext)}`);
  }
  const parent = readChain(resolve(dirname(abs), ext), read, [...seen, abs]);
  return deepMerge(parent, doc);
}

function validate(doc: Obj, file: string): RawScenario {
  const r = scenarioSchema.safeParse(doc);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.map(String).join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    const at = path ? `${path}.${keys[0]}` : keys[0]!;
    return fail(file, at, `unknown field (not part of the scenario schema)`);
  }
  const value = issue.path.reduce<unknown>((o, k) => (isObj(o) || Array.isArray(o) ? (o as Obj)[k as string] : undefined), doc);
  if (value === undefined) return fail(file, path, 'is required');
  return fail(file, path, `${issue.message.replace(/^Invalid input: /, '')}, got ${show(value)}`);
}

function fail(file: string, path: string, msg: string): never {
  throw new ScenarioError(file, path, msg);
}

/** Load a scenario file, with its baseline (if any) resolved to a full Scenario. */
export function loadScenario(path: string, read: ReadText): Scenario {
  const doc = readChain(path, read, []);
  return fromDocument(doc, path, read);
}

/** The merged raw document of a scenario file (its `extends` chain followed), before validation. */
export function loadDocument(path: string, read: ReadText): Obj {
  return readChain(path, read, []);
}

export function fromDocument(doc: Obj, path: string, read: ReadText): Scenario {
  const raw = validate(doc, path);
  let baseline: Scenario | null = null;
  if (raw.baseline) {
    baseline = fromDocument(baselineDocument(doc, raw.baseline as Obj, path, read), `${path} (baseline)`, read);
  }
  return normalise(raw, path, baseline);
}

/**
 * The baseline is the same workload under another deployment: the scenario's fields minus its
 * deployment-specific ones (deployment, targets, spot, committed, omit, claims), with the baseline's own fields on
 * top. `baseline: { mode: monolithic }` is short for `deployment: { mode: monolithic }`;
 * `baseline: { extends: file }` starts from that file instead.
 */
function baselineDocument(doc: Obj, spec: Obj, path: string, read: ReadText): Obj {
  const { mode, extends: ext, ...rest } = spec;
  if (isObj(rest['baseline'])) throw new ScenarioError(path, 'baseline.baseline', 'a baseline cannot have a baseline');
  let base: Obj;
  if (ext !== undefined) {
    if (typeof ext !== 'string') throw new ScenarioError(path, 'baseline.extends', `must be a file path, got ${show(ext)}`);
    base = readChain(resolve(dirname(resolve(path)), ext), read, [resolve(path)]);
    delete base['baseline'];
  } else {
    const { baseline: _b, deployment: _d, targets: _t, claims: _c, omit: _o, alternatives: _a, name, ...shared } = doc;
    base = { ...shared, name: `${String(name)} (baseline)` };
    if (isObj(shared['compute'])) {
      const { spot: _s, committed: _cm, ...compute } = shared['compute'] as Obj;
      base['compute'] = compute;
    }
  }
  if (mode !== undefined) base = deepMerge(base, { deployment: { mode } });
  return deepMerge(base, rest);
}
