/**
 * Neutralising strings for where they go. Every string from a scenario, profile, price book, path
 * or remote error can hold characters that mean something to the reader of the output: a terminal
 * (ESC, CSI, OSC, BEL), a YAML 1.1 parser (NEL, LS, PS are line breaks there; Helm's and PyYAML's
 * parsers are YAML 1.1), or a person reading source (bidirectional overrides). Pure.
 *
 * The escaped form is `\uXXXX`: inside a JSON or YAML double-quoted string it is a valid escape of
 * the same character, elsewhere it is plain visible text.
 */

/**
 * Terminal controls: C0 except tab and line feed, DEL, C1 (0x80-0x9f: 8-bit CSI/OSC), and the
 * bidirectional embeddings, overrides and isolates (https://unicode.org/reports/tr9/, "Trojan
 * Source"). A carriage return is kept only before a line feed (CSV's CRLF records).
 */
const TERMINAL = /\r(?!\n)|[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const hex4 = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The colour sequences lokiplan paints with (src/commands/terminal.ts): they change colour, nothing else. */
const COLOURS_OR_CONTROL = new RegExp(`\\x1b\\[(?:0|33|1;31)m|${TERMINAL.source}`, 'g');

/**
 * Text for a terminal: every control character shown as `\uXXXX`, nothing executed. With
 * `colours`, lokiplan's own colour sequences are kept (a scenario string holding one can at most
 * change a colour: no title, no clearing, no cursor moves).
 */
export function terminalSafe(s: string, colours = false): string {
  if (!colours) return s.replace(TERMINAL, hex4);
  return s.replace(COLOURS_OR_CONTROL, (m) => (m.length > 1 && m.startsWith('\x1b[') ? m : hex4(m)));
}

/** The one control sequence lokiplan itself writes: clear the progress line on a terminal. */
export const CLEAR_LINE = '\r\x1b[K';

/**
 * Characters a YAML 1.1 or 1.2 reader treats as a line break, plus every other control and the
 * byte-order mark: in a comment each would end it or hide text (https://yaml.org/spec/1.1/#id871136
 * lists NEL, LS and PS as line breaks in 1.1; 1.2 keeps only CR and LF).
 */
const YAML_UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]/g;

/** Text for inside a YAML comment line: one line for every YAML version. */
export function yamlCommentSafe(s: string): string {
  return s.replace(YAML_UNSAFE, hex4);
}

/** Does a string need double quotes (with escapes) to mean the same to YAML 1.1 and 1.2 readers? */
export const yamlNeedsEscapes = (s: string): boolean => new RegExp(YAML_UNSAFE.source).test(s);

/**
 * Escape what the `yaml` library leaves raw inside double-quoted scalars (it writes YAML 1.2, where
 * NEL, LS and PS are ordinary characters): `\N`, `\L`, `\P` and `\uFEFF` are escapes in both
 * versions. Call only on text where these characters can occur in double-quoted scalars alone
 * (comments passed through yamlCommentSafe, scalars holding them forced to double quotes).
 */
export function yamlEscapeBreaks(doc: string): string {
  return doc.replace(/[\u0085\u2028\u2029\ufeff]/g, (c) => ({ '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P' })[c] ?? '\\uFEFF');
}

/**
 * JSON inside an HTML <script> element: `<` as \u003c (so no `</script>` or `<!--` can appear:
 * https://html.spec.whatwg.org/multipage/scripting.html#restrictions-for-contents-of-script-elements),
 * LS and PS escaped. Still JSON: JSON.parse gives back the same value.
 */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/[<\u2028\u2029]/g, hex4);
}

const MAX_REMOTE = 200;

/**
 * A remote service's error text, safe to show: credentials and tokens removed (any of the run's own
 * secret values, AWS access key ids, headers and query parameters that carry signatures or tokens,
 * long base64 runs), controls escaped, one line, at most 200 characters.
 */
export function remoteMessage(msg: string, secrets: readonly (string | undefined)[] = []): string {
  let s = msg;
  for (const x of secrets) if (x && x.length >= 4) s = s.split(x).join('[redacted]');
  s = s
    .replace(/\b(authorization|x-amz-security-token|x-amz-credential|x-amz-signature|x-amz-date|signature|credential|security-?token|session-?token|token|aws_secret_access_key|aws_session_token|secret_?access_?key)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, '$1$2[redacted]')
    .replace(/\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g, '[redacted]')
    .replace(/[A-Za-z0-9+/_-]{40,}={0,2}/g, '[redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  s = terminalSafe(s);
  return s.length > MAX_REMOTE ? `${s.slice(0, MAX_REMOTE - 3)}...` : s;
}
