/** Library entry: the pure model plus the scenario loader and the embedded snapshot. */
export { plan, planSide } from './model/plan.js';
export type * from './model/types.js';
export type { PriceBook, Price, PriceTier } from './model/prices.js';
export { splitTiers, withOverrides, PriceKeys } from './model/prices.js';
export { DEFAULT_PROFILE } from './model/profiles.js';
export { loadScenario, fromDocument } from './scenario/load.js';
export { snapshotBook, snapshotRegions } from './sources/snapshot.js';
export { renderJson, planJson, PLAN_JSON_FORMAT } from './report/json.js';
export { RENDERERS, FORMATS, OUT_FILES, reportFiles } from './report/registry.js';
export { renderTable } from './report/table.js';
export { renderCostCsv, renderSizingCsv } from './report/csv.js';
export { renderMarkdown } from './report/markdown.js';
export { renderHtml } from './report/html.js';
export { charts, chartJsConfig } from './report/charts.js';
export { chargePeriod, nextMonth } from './report/period.js';
export { MODES, targetsOf } from './model/modes/index.js';
export type { ModeSpec, TargetSpec, TargetRole } from './model/modes/index.js';
