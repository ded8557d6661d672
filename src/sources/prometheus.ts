/**
 * A Prometheus-compatible HTTP API (Prometheus, Mimir, Thanos, VictoriaMetrics): instant queries
 * through `POST /api/v1/query` (https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries).
 * Every request has a timeout and a response byte limit. Credentials come from the environment only
 * (never argv) and never appear in a message: `LOKIPLAN_PROMETHEUS_TOKEN` (a bearer token) or
 * `LOKIPLAN_PROMETHEUS_USER` + `LOKIPLAN_PROMETHEUS_PASSWORD` (basic auth), and
 * `LOKIPLAN_PROMETHEUS_ORG_ID` for the `X-Scope-OrgID` header multi-tenant Mimir and Cortex ask for.
 */
import { SourceError } from '../errors.js';
import { remoteMessage } from '../text/neutral.js';

/** One series of an instant vector (or the one value of a scalar result, with no labels). */
export interface PromSample {
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** What calibration needs from a metrics source: one PromQL expression evaluated at one instant. */
export interface PromApi {
  /** where the answers come from, safe to print (no credentials, no query string) */
  readonly where: string;
  query(promql: string, at: Date): Promise<PromSample[]>;
}

export interface PromOptions {
  /** per request, milliseconds */
  timeoutMs?: number;
  /** largest response body read, bytes */
  maxBytes?: number;
  /** the fetch to use (tests pass the global one; nothing else is expected) */
  fetch?: typeof fetch;
}

export const PROM_ENV = {
  token: 'LOKIPLAN_PROMETHEUS_TOKEN',
  user: 'LOKIPLAN_PROMETHEUS_USER',
  password: 'LOKIPLAN_PROMETHEUS_PASSWORD',
  orgId: 'LOKIPLAN_PROMETHEUS_ORG_ID',
} as const;

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 16 << 20;

/**
 * The base URL as given, checked: http(s) only, no credentials in it (they would sit in shell
 * history and process lists: the environment variables carry them), no query or fragment.
 */
export function promBaseUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new SourceError(`--prometheus must be an http(s) URL such as http://127.0.0.1:9090, got ${JSON.stringify(remoteMessage(raw))}`);
  }
  if (u.username || u.password) {
    throw new SourceError(`--prometheus must not carry credentials in the URL; set ${PROM_ENV.token} (bearer) or ${PROM_ENV.user} and ${PROM_ENV.password} (basic auth) instead`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new SourceError(`--prometheus must be an http(s) URL, got the scheme ${u.protocol}`);
  if (u.search || u.hash) throw new SourceError('--prometheus must be the API base URL without a query or fragment, e.g. http://127.0.0.1:9090 or https://mimir.example/prometheus');
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u;
}

function authHeaders(env: Readonly<Record<string, string | undefined>>): { headers: Record<string, string>; secrets: string[] } {
  const headers: Record<string, string> = {};
  const token = env[PROM_ENV.token];
  const user = env[PROM_ENV.user];
  const password = env[PROM_ENV.password];
  if (token && (user || password)) throw new SourceError(`set either ${PROM_ENV.token} or ${PROM_ENV.user}/${PROM_ENV.password}, not both`);
  if (token) headers['authorization'] = `Bearer ${token}`;
  else if (user || password) {
    if (!user || !password) throw new SourceError(`basic auth needs both ${PROM_ENV.user} and ${PROM_ENV.password}`);
    headers['authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  const org = env[PROM_ENV.orgId];
  if (org) headers['x-scope-orgid'] = org;
  return { headers, secrets: [token, user, password, headers['authorization']].filter((x): x is string => !!x) };
}

/** Read at most `max` bytes of a response body; more is an error, not a truncation. */
async function boundedText(res: Response, max: number, where: string): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) throw new SourceError(`${where}: response larger than ${max} bytes`);
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.byteLength;
    if (n > max) {
      await reader.cancel().catch(() => {});
      throw new SourceError(`${where}: response larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const num = (s: unknown): number | null => {
  if (typeof s !== 'string') return null;
  // Prometheus writes floats as strings, with NaN and +Inf/-Inf spelled out
  const v = s === 'NaN' ? NaN : s === '+Inf' ? Infinity : s === '-Inf' ? -Infinity : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : null;
  return v;
};

/** The `data` of a successful instant query as samples; anything else is a SourceError naming the query. */
export function parseQueryResponse(body: unknown, where: string): PromSample[] {
  const bad = (why: string) => new SourceError(`${where}: not a Prometheus query response (${why})`);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('not a JSON object');
  const b = body as { status?: unknown; data?: unknown; errorType?: unknown; error?: unknown };
  if (b.status !== 'success') {
    const type = typeof b.errorType === 'string' ? remoteMessage(b.errorType) : 'unknown';
    const msg = typeof b.error === 'string' ? `: ${remoteMessage(b.error)}` : '';
    throw new SourceError(`${where}: query failed (${type}${msg})`);
  }
  const d = b.data as { resultType?: unknown; result?: unknown } | undefined;
  if (!d || typeof d !== 'object') throw bad('no data');
  if (d.resultType === 'scalar') {
    const v = Array.isArray(d.result) ? num(d.result[1]) : null;
    if (v === null) throw bad('malformed scalar');
    return [{ labels: {}, value: v }];
  }
  if (d.resultType !== 'vector' || !Array.isArray(d.result)) throw bad(`result type ${JSON.stringify(String(d.resultType)).slice(0, 40)}, expected a vector`);
  return d.result.map((r: unknown) => {
    const s = r as { metric?: unknown; value?: unknown };
    if (!s || typeof s.metric !== 'object' || s.metric === null || !Array.isArray(s.value)) throw bad('malformed sample');
    const v = num(s.value[1]);
    if (v === null) throw bad('malformed sample value');
    const labels: Record<string, string> = {};
    for (const [k, x] of Object.entries(s.metric as Record<string, unknown>)) if (typeof x === 'string') labels[k] = x;
    return { labels, value: v };
  });
}

/** The HTTP API at `baseUrl`, authenticated from `env`. */
export function httpPrometheus(baseUrl: string, env: Readonly<Record<string, string | undefined>>, o: PromOptions = {}): PromApi {
  const base = promBaseUrl(baseUrl);
  const { headers, secrets } = authHeaders(env);
  const endpoint = new URL('api/v1/query', base);
  const where = `Prometheus at ${endpoint.origin}${endpoint.pathname}`;
  const doFetch = o.fetch ?? fetch;
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
  return {
    where: `${base.origin}${base.pathname.replace(/\/$/, '')}`,
    async query(promql, at) {
      const form = new URLSearchParams({ query: promql, time: (at.getTime() / 1000).toFixed(3) });
      let res: Response;
      try {
        res = await doFetch(endpoint, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form.toString(),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (e) {
        const err = e as Error & { cause?: { code?: string; message?: string } };
        const why = err.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (err.cause?.code ?? err.cause?.message ?? err.message);
        throw new SourceError(`cannot reach ${where}: ${remoteMessage(String(why), secrets)}`);
      }
      if (res.status === 401 || res.status === 403) {
        await res.body?.cancel().catch(() => {});
        throw new SourceError(`${where} answered HTTP ${res.status}: check ${PROM_ENV.token} or ${PROM_ENV.user}/${PROM_ENV.password} (and ${PROM_ENV.orgId} for Mimir)`);
      }
      // Prometheus answers 400 (bad_data) and 422 (execution) with a JSON error body: say its error type
      if (!res.ok && res.status !== 400 && res.status !== 422) {
        await res.body?.cancel().catch(() => {});
        throw new SourceError(`${where} answered HTTP ${res.status}${res.statusText ? ` ${remoteMessage(res.statusText, secrets)}` : ''}`);
      }
      const text = await boundedText(res, maxBytes, where);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new SourceError(`${where} answered HTTP ${res.status} with a body that is not JSON`);
      }
      return parseQueryResponse(body, where);
    },
  };
}
