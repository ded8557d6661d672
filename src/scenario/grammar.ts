/**
 * The unit grammar: the words and forms a scenario's quantities may be written in, one table that
 * both the parser (units.ts) and the editors' JSON Schema patterns (json-schema.ts) are built from,
 * so the two accept and refuse the same inputs (test/unit-grammar.test.ts feeds both one list).
 * Patterns are ECMAScript regular expressions without flags (JSON Schema `pattern` has none), so a
 * case-insensitive word is spelt with character classes.
 */

/** Days in a month of retention: 31, Grafana's own month (`retention_period: 744h` in Loki's retention docs), so no calendar month is kept short. */
export const DAYS_PER_RETENTION_MONTH = 31;
/** Hours in a month of ingest (`12 TB/month`): 730, AWS's average month, the plan's default hoursPerMonth. */
export const HOURS_PER_RATE_MONTH = 730;

/** Time words, each read as the mathjs unit it names (case-insensitive). */
export const TIME_WORDS: readonly { unit: string; words: readonly string[] }[] = [
  { unit: 's', words: ['s', 'sec', 'secs', 'second', 'seconds'] },
  { unit: 'minute', words: ['min', 'mins', 'minute', 'minutes'] },
  { unit: 'hour', words: ['h', 'hr', 'hrs', 'hour', 'hours'] },
  { unit: 'day', words: ['d', 'day', 'days'] },
  { unit: 'week', words: ['w', 'wk', 'wks', 'week', 'weeks'] },
];
/** Calendar words: a duration's month (DAYS_PER_RETENTION_MONTH) and year (mathjs's 365.25 days); a rate's month (HOURS_PER_RATE_MONTH). */
export const MONTH_WORDS: readonly string[] = ['month', 'months', 'mo'];
export const YEAR_WORDS: readonly string[] = ['year', 'years', 'yr', 'yrs'];
/** Lines of log (case-insensitive). */
export const LINE_WORDS: readonly string[] = ['line', 'lines', 'log', 'logs', 'entry', 'entries', 'log line', 'log lines'];
/** Kubernetes quantity suffixes (case-sensitive): binary ones also stand for bytes in a rate (`400 Gi/day`). */
export const K8S_BINARY: readonly string[] = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
export const K8S_DECIMAL: readonly string[] = ['k', 'M', 'G', 'T', 'P'];
/** Loki's own durations (Prometheus model.ParseDuration): units largest first, whole numbers, no spaces. */
export const PROM_UNITS: readonly [string, number][] = [['y', 365], ['w', 7], ['d', 1], ['h', 1 / 24], ['m', 1 / 1440], ['s', 1 / 86400], ['ms', 1 / 86400000]];

const esc = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A word in any case, as a pattern without flags: `day` -> `[dD][aA][yY]`; a space matches any run of spaces. */
const ci = (w: string) => [...w].map((c) => (c === ' ' ? '\\s+' : c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : esc(c))).join('');
const anyOf = (ws: readonly string[], f: (w: string) => string) => `(?:${[...ws].sort((a, b) => b.length - a.length).map(f).join('|')})`;

/** A number: a dot for decimals, commas only in groups of three, an exponent. */
export const NUMBER = '[+-]?(?:(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
/** A number as Kubernetes writes one (no thousands separators). */
const PLAIN_NUMBER = '[+-]?(?:\\d+(?:\\.\\d+)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
/**
 * Bytes: an optional SI or binary prefix in any case and B, byte or bytes; not `Mb`, `Gb`... (a
 * capital prefix with a small b is how bits are written) and not `KB` (1000 in SI, 1024 in JEDEC).
 */
export const BYTES = '(?![KMGTPE]b(?![a-zA-Z]))(?!K(?![iI]))(?:[kmgtpeKMGTPE][iI]?)?(?:[bB][yY][tT][eE][sS]?|[bB])';
const TIME = anyOf(TIME_WORDS.flatMap((t) => t.words), ci);
const MONTH = anyOf(MONTH_WORDS, ci);
const YEAR = anyOf(YEAR_WORDS, ci);
const LINES = anyOf(LINE_WORDS, ci);
const PER = `(?:\\s*/\\s*|\\s+${anyOf(['per', 'a', 'an'], ci)}\\s+)`;
const PROM = `(?=\\d)${PROM_UNITS.map(([u]) => `(?:\\d+${u})?`).join('')}`;

/** The whole pattern of each kind a scenario quantity may have (anchored; spaces around allowed). */
export const PATTERNS = {
  days: `^\\s*(?:${NUMBER}\\s*(?:${TIME}|${MONTH}|${YEAR})|${PROM})\\s*$`,
  bytes: `^\\s*(?:${NUMBER}\\s*${BYTES}|${PLAIN_NUMBER}\\s*(?:${K8S_BINARY.join('|')}|${K8S_DECIMAL.join('|')}))\\s*$`,
  bytesPerSecond: `^\\s*${NUMBER}\\s*(?:${BYTES}|${K8S_BINARY.join('|')})${PER}(?:${TIME}|${MONTH})\\s*$`,
  linesPerSecond: `^\\s*${NUMBER}\\s*${LINES}${PER}(?:${TIME}|${MONTH})\\s*$`,
} as const;
