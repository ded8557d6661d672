/**
 * Scenario files: YAML -> `extends` chain merged -> schema-validated -> units normalised.
 * File reading is injected (the CLI passes fs), so this module does no I/O of its own.
 */
import { dirname, relative, resolve } from 'node:path';
import { defaultName, STDIN } from './source.js';

export { STDIN };
import { isNode, isScalar, parseDocument, visit, type Document } from 'yaml';
import { closest, distance } from 'fastest-levenshtein';
import { InputErrors, ScenarioError } from '../errors.js';
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
    throw new ScenarioError(file, '', `invalid YAML${at(first.pos[0])}: ${yamlReason(first.message)}`);
  }
  const dup = duplicateKey(doc);
  if (dup) throw new ScenarioError(file, '', `invalid YAML${at(dup.pos)}: ${dup.why} ${show(dup.key)}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ScenarioError(file, '', `invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  // what it is, never what it says: a file named by `extends:` may be anything (a .env of secrets)
  if (!isObj(value)) throw new ScenarioError(file, '', `expected a mapping of scenario fields, got ${kindOf(value)} (is it a scenario file?)`);
  return value;
}

/** A value's kind, for messages that must not quote a file's content. */
export const kindOf = (v: unknown): string =>
  v === null || v === undefined ? 'an empty document' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? 'a line of text' : typeof v === 'object' ? 'a mapping' : `a ${typeof v}`;

/**
 * The yaml parser's reason without the source text some of its messages end with (an alias name,
 * a snippet after a colon): the line and column say where.
 */
export const yamlReason = (message: string): string => message.split('\n')[0]!.replace(/:\s.*$/, '');

/** The first key that appears twice in one mapping (YAML says keys are unique), found in linear time. */
export function duplicateKey(doc: Document): { key: string; pos: number; why: string } | null {
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
  // `-` on the command line is standard input (its `extends` resolve from the working directory)
  const abs = !seen.length && path === STDIN ? STDIN : resolve(path);
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
  const parentPath = resolve(dirname(abs), ext);
  const parent = readChain(parentPath, read, [...seen, abs]);
  // an inherited `baseline: { extends: F }` names F from the file that wrote it: rebase it onto this
  // file's folder, so a file that only extends another plans exactly as that file does
  const pb = parent['baseline'];
  if (isObj(pb) && typeof pb['extends'] === 'string' && pb['extends'].length > 0) {
    parent['baseline'] = { ...pb, extends: relative(dirname(abs), resolve(dirname(parentPath), pb['extends'])) || '.' };
  }
  return deepMerge(parent, doc);
}

/** At most this many errors of one file are listed (then "and N more"). */
export const MAX_ERRORS = 10;

const fieldPath = (p: readonly PropertyKey[]) => p.map(String).join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');

/**
 * Every schema error of the file at once, unknown fields first (with "did you mean" from the
 * schema's own field names at that place), each one line naming the file and the field. A missing
 * field that an unknown one looks like (`retension` for `retention`) is the same mistake: one line.
 */
function validate(doc: Obj, file: string): RawScenario {
  const r = scenarioSchema.safeParse(doc);
  if (r.success) return r.data;
  const unknown: ScenarioError[] = [];
  const suggested = new Set<string>();
  const other: { path: string; msg: string }[] = [];
  for (const issue of r.error.issues) {
    const path = fieldPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const known = fieldsAt(scenarioSchema as unknown as ZodLike, issue.path);
      for (const k of (issue as { keys: string[] }).keys) {
        const guess = didYouMean(k, known);
        const at = path ? `${path}.${k}` : k;
        if (guess) suggested.add(path ? `${path}.${guess}` : guess);
        const why = guess ? `did you mean ${guess}?` : known.length ? `fields here: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''}` : 'not part of the scenario schema';
        unknown.push(new ScenarioError(file, at, `unknown field (${why})`));
      }
      continue;
    }
    const value = issue.path.reduce<unknown>((o, k) => (isObj(o) || Array.isArray(o) ? (o as Obj)[k as string] : undefined), doc);
    other.push({ path, msg: value === undefined ? 'is required' : `${issue.message.replace(/^Invalid input: /, '')}, got ${show(value)}` });
  }
  const rest = other.filter((o) => !(o.msg === 'is required' && suggested.has(o.path))).map((o) => new ScenarioError(file, o.path, o.msg));
  const all = [...unknown, ...rest];
  if (all.length === 1) throw all[0]!;
  throw new InputErrors(all.slice(0, MAX_ERRORS), Math.max(0, all.length - MAX_ERRORS));
}

/** The closest known field name, if it is close enough to be the one meant. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  if (!known.length) return undefined;
  const lower = known.find((k) => k.toLowerCase() === key.toLowerCase());
  if (lower) return lower;
  const best = closest(key, known as string[]);
  return distance(key, best) <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

type Def = { type: string; shape?: Record<string, ZodLike>; innerType?: ZodLike; in?: ZodLike; out?: ZodLike; options?: readonly ZodLike[]; valueType?: ZodLike; element?: ZodLike };
export type ZodLike = { _zod: { def: Def } };

/** The field names the schema allows at a path of the document (objects under optional, unions, records, lists). */
export function fieldsAt(schema: ZodLike, path: readonly PropertyKey[]): string[] {
  const unwrap = (t: ZodLike): ZodLike[] => {
    const d = t._zod.def;
    if (d.type === 'optional' || d.type === 'nullable' || d.type === 'default') return unwrap(d.innerType!);
    if (d.type === 'pipe') return [...unwrap(d.in!), ...unwrap(d.out!)];
    if (d.type === 'union') return d.options!.flatMap(unwrap);
    return [t];
  };
  let here = unwrap(schema);
  for (const seg of path) {
    here = here.flatMap((t) => {
      const d = t._zod.def;
      if (d.type === 'object' && typeof seg === 'string' && d.shape![seg]) return unwrap(d.shape![seg]!);
      if (d.type === 'record') return unwrap(d.valueType!);
      if (d.type === 'array' && typeof seg === 'number') return unwrap(d.element!);
      return [];
    });
  }
  return [...new Set(here.flatMap((t) => (t._zod.def.type === 'object' ? Object.keys(t._zod.def.shape!) : [])))];
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

/** `baseline:` omitted means this; `baseline: null` (or false) means none. */
export const DEFAULT_BASELINE: Readonly<Obj> = { mode: 'monolithic' };

export function fromDocument(given: Obj, path: string, read: ReadText): Scenario {
  const doc = given['name'] === undefined ? { ...given, name: defaultName(path) } : given;
  const raw = validate(doc, path);
  // the scenario's own errors first, then its baseline's
  const s = normalise(raw, path, null);
  if (raw.baseline) {
    return { ...s, baseline: fromDocument(baselineDocument(doc, raw.baseline as Obj, path, read), `${path} (baseline)`, read) };
  }
  // omitted: the same workload on one monolithic Loki (README), unless the scenario is that already
  // (also when `mode: auto` chose monolithic)
  if (raw.baseline === undefined && s.deployment.mode !== 'monolithic') {
    return { ...s, baseline: fromDocument(baselineDocument(doc, DEFAULT_BASELINE, path, read), `${path} (baseline)`, read), baselineDefault: true };
  }
  return s;
}

/**
 * The document of a scenario's baseline, as fromDocument plans it (with `baseline: null`: a
 * baseline has none of its own), or null when the scenario `s` (normalised from `doc`) has none.
 * What-ifs that vary the baseline's workload (growth) apply values to this document.
 */
export function baselineDocumentOf(doc: Obj, s: Scenario, path: string, read: ReadText): Obj | null {
  if (!s.baseline) return null;
  const spec = doc['baseline'];
  return { ...baselineDocument(doc, isObj(spec) ? spec : DEFAULT_BASELINE, path, read), baseline: null };
}

/**
 * The baseline is the same workload under another deployment: the scenario's fields minus its
 * deployment-specific ones (deployment, targets, spot, committed, network.zoneAwareReplication, omit, claims), with the baseline's own fields on
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
    if (isObj(shared['network'])) {
      // zone-aware replication belongs to the deployment (microservices only)
      const { zoneAwareReplication: _z, ...network } = shared['network'] as Obj;
      base['network'] = network;
    }
  }
  if (mode !== undefined) base = deepMerge(base, { deployment: { mode } });
  return deepMerge(base, rest);
}
