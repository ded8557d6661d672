/**
 * The what-if reports' formats (compare, sensitivity, growth, uncertainty): each report keeps one
 * `Renderers<T>` record, so a format missing from a report is a compile error and the CLI's
 * choices are this list.
 */
export const WHATIF_FORMATS = ['table', 'json', 'csv', 'md'] as const;
export type WhatIfFormat = (typeof WHATIF_FORMATS)[number];
/** `width`: the terminal's, for the table format (undefined: one line per row, as in files and pipes). */
export type Renderers<T> = Record<WhatIfFormat, (r: T, width?: number) => string>;
