/**
 * The what-if page's inputs and how they set a normalised Scenario. Shared by the CLI (which
 * computes the initial inputs) and the browser bundle. Each input sets the same normalised fields
 * as the CLI field path named beside it, so the page and `lokiplan sweep` agree to the cent:
 *   volume      ingest.volume (GB/day; lines/s are dropped as with the field)
 *   retention   retention (days)
 *   lifecycle   storage.lifecycle: STANDARD at 0 days, then CLASS after N days (0: none), then the
 *               scenario's own delete rule if it comes later
 *   spot        compute.spot.read (0..1)
 *   compression storage.compressionRatio
 * The workload fields (volume, retention, lifecycle, compression) apply to the baseline as well,
 * as they do when a `baseline: { mode: ... }` is derived from the scenario; spot does not.
 */
import { MODES } from '../model/modes/index.js';
import type { Price } from '../model/prices.js';
import type { LifecycleRule, Scenario, StorageClass } from '../model/types.js';

export interface PageInputs {
  volumeGbPerDay: number;
  retentionDays: number;
  transitionDays: number;
  transitionClass: StorageClass | 'none';
  spotRead: number;
  compressionRatio: number;
}

export interface PageData {
  scenario: Scenario;
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
    spotRead: s.compute.spot['read'] ?? 0,
    compressionRatio: s.storage.compressionRatio,
  };
}

function lifecycle(orig: LifecycleRule[], days: number, cls: StorageClass | 'none'): LifecycleRule[] {
  const first = orig[0]!;
  const out: LifecycleRule[] = [first];
  if (days > 0 && cls !== 'none') out.push({ afterDays: days, class: cls });
  const del = orig.find((r) => 'action' in r);
  if (del && del.afterDays > out[out.length - 1]!.afterDays) out.push(del);
  return out;
}

function workloadFields(s: Scenario, init: PageInputs, i: PageInputs, orig: Scenario): void {
  if (i.volumeGbPerDay !== init.volumeGbPerDay) {
    s.ingest.bytesPerSecond = (i.volumeGbPerDay * 1e9) / 86400;
    s.ingest.linesPerSecond = null;
    s.ingest.avgLineBytes = null;
  }
  s.retentionDays = i.retentionDays;
  if (i.transitionDays !== init.transitionDays || i.transitionClass !== init.transitionClass) {
    s.storage.lifecycle = lifecycle(orig.storage.lifecycle, i.transitionDays, i.transitionClass);
  }
  s.storage.compressionRatio = i.compressionRatio;
}

export function pageScenario(data: PageData, i: PageInputs): Scenario {
  const s = structuredClone(data.scenario);
  workloadFields(s, data.initial, i, data.scenario);
  if (MODES[s.deployment.mode].spot) s.compute.spot['read'] = i.spotRead;
  if (s.baseline && data.scenario.baseline) workloadFields(s.baseline, data.initial, i, data.scenario.baseline);
  return s;
}
