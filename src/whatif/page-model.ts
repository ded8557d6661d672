/**
 * The what-if page's inputs and how they set the scenario DOCUMENT. Shared by the CLI (which
 * computes the initial inputs and the page data) and the browser bundle. Each input the reader
 * moves away from where the page opened sets the field path named beside it on the document, which
 * is then validated and normalised by the same code as a file (fields.ts `withValues`), so the page,
 * `lokiplan plan` and `lokiplan sweep` agree to the cent, `mode: auto` re-chooses the mode, a
 * per-target share wins over a role's, and what the CLI refuses the page refuses:
 *   volume      ingest.volume (GB/day; lines/s are dropped as with the field)
 *   retention   retention (days)
 *   lifecycle   storage.lifecycle: the scenario's first rule, then CLASS after N days (0: none), then
 *               the scenario's own delete rule
 *   spot        compute.spot.read (0..100%)
 *   compression storage.compressionRatio
 *   zones       deployment.zones
 *   grpc        network.grpcCompression (none, snappy, gzip)
 *   routing     network.sameZoneRouting
 * An input left where the page opened sets nothing: the page opens on the plan's own total.
 */
import { targetsForName } from '../model/modes/switch.js';
import type { Price } from '../model/prices.js';
import type { GrpcCompression, Scenario, StorageClass } from '../model/types.js';
import { fromDocument } from '../scenario/load.js';
import { applyToDocument, resolvePath, type RawSet } from './fields.js';

type Obj = Record<string, unknown>;

export interface PageInputs {
  volumeGbPerDay: number;
  retentionDays: number;
  transitionDays: number;
  transitionClass: StorageClass | 'none';
  spotRead: number;
  compressionRatio: number;
  zones: number;
  grpcCompression: GrpcCompression;
  sameZoneRouting: boolean;
}

export interface PageData {
  /** the scenario as planned where the page opens (its name, region, mode and sizing labels) */
  scenario: Scenario;
  /** the scenario's document, its `extends` chain merged: what every input is applied to */
  doc: Obj;
  /** the document's path as the page knows it (a virtual path: the page names no folder of the reader's) */
  file: string;
  /** other scenario files the document reads (a baseline's `extends`), by virtual path */
  files: Record<string, string>;
  priceSource: string;
  prices: Record<string, { asOf: string; prices: Record<string, Price> }>;
  initial: PageInputs;
}

export const TRANSITION_CLASSES: readonly (StorageClass | 'none')[] = ['none', 'INTELLIGENT_TIERING', 'STANDARD_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'];

export function initialInputs(s: Scenario): PageInputs {
  const second = s.storage.lifecycle[1];
  const transition = second && 'class' in second ? second : null;
  return {
    volumeGbPerDay: (s.ingest.bytesPerSecond * 86400) / 1e9,
    retentionDays: s.retentionDays,
    transitionDays: transition ? transition.afterDays : 0,
    transitionClass: transition ? transition.class : 'none',
    // the read-path slider: the mode's targets whose main role is read (querier, query-frontend in microservices)
    spotRead: Math.max(0, ...(targetsForName(s.deployment.mode, 'read') ?? []).map((t) => s.compute.spot[t] ?? 0)),
    compressionRatio: s.storage.compressionRatio,
    zones: s.deployment.zones,
    grpcCompression: s.network.grpcCompression,
    sameZoneRouting: s.network.sameZoneRouting,
  };
}

const at = (path: string, value: unknown, label = String(value)): RawSet => ({ ...resolvePath(path), value, label });
const num = (x: number) => String(Number(x.toPrecision(12)));

/** storage.lifecycle as the page sets it: the document's first rule, CLASS after N days, and its delete rule. */
function lifecycle(s: Scenario, doc: Obj, days: number, cls: StorageClass | 'none'): unknown[] {
  const raw = ((doc['storage'] as Obj | undefined)?.['lifecycle'] as unknown[] | undefined) ?? [{ after: '0 days', class: 'STANDARD' }];
  const out: unknown[] = [raw[0]];
  if (days > 0 && cls !== 'none') out.push({ after: `${num(days)} days`, class: cls });
  const del = s.storage.lifecycle.find((r) => 'action' in r);
  if (del) out.push({ after: `${num(del.afterDays)} days`, action: 'delete' });
  return out;
}

/** The raw values the inputs set: only those moved away from `from` (where the page opened). */
export function pageSets(data: PageData, from: PageInputs, i: PageInputs): RawSet[] {
  const sets: RawSet[] = [];
  if (i.volumeGbPerDay !== from.volumeGbPerDay) sets.push(at('ingest.volume', `${num(i.volumeGbPerDay)} GB/day`));
  if (i.retentionDays !== from.retentionDays) sets.push(at('retention', `${num(i.retentionDays)} days`));
  if (i.transitionDays !== from.transitionDays || i.transitionClass !== from.transitionClass) {
    sets.push(at('storage.lifecycle', lifecycle(data.scenario, data.doc, i.transitionDays, i.transitionClass), `${i.transitionClass} after ${i.transitionDays} days`));
  }
  if (i.spotRead !== from.spotRead) sets.push(at('compute.spot.read', `${num(i.spotRead * 100)}%`));
  if (i.compressionRatio !== from.compressionRatio) sets.push(at('storage.compressionRatio', i.compressionRatio));
  if (i.zones !== from.zones) sets.push(at('deployment.zones', i.zones));
  if (i.grpcCompression !== from.grpcCompression) sets.push(at('network.grpcCompression', i.grpcCompression));
  if (i.sameZoneRouting !== from.sameZoneRouting) sets.push(at('network.sameZoneRouting', i.sameZoneRouting));
  return sets;
}

/** Read a scenario file the page carries (a baseline's `extends`); any other path is not found. */
export const pageRead = (data: PageData) => (path: string): string => {
  if (Object.hasOwn(data.files, path)) return data.files[path]!;
  throw Object.assign(new Error(`${path}: not carried by this page`), { code: 'ENOENT' });
};

/**
 * The scenario the page plans for these inputs: the document with the moved inputs set, validated
 * and normalised as a file is. Throws what the CLI throws (a refused lifecycle, a volume outside
 * the model).
 */
export function pageScenario(data: PageData, i: PageInputs, from: PageInputs = data.initial): Scenario {
  return fromDocument(applyToDocument(data.doc, pageSets(data, from, i)), data.file, pageRead(data));
}
