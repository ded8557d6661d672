/**
 * Shared plumbing for the AWS sources: client options (retries with backoff, time-outs), request
 * accounting for progress and the benchmark, and the mapping of SDK failures to one clear line.
 * The SDK itself is imported lazily by each source, never here.
 */
import { Readable, Transform } from 'node:stream';
import { SourceError } from '../errors.js';
import { remoteMessage } from '../text/neutral.js';

/** Counts what a fetch did, for progress lines and `npm run bench`. */
export class FetchStats {
  requests = 0;
  pages = 0;
  attempts = 0;
  cacheHits = 0;
  readonly started: number;
  /** oldest fetch time of anything used (a cache entry's, or now) */
  fetchedAt: string | null = null;
  constructor(
    private readonly onProgress?: (s: FetchStats, what: string) => void,
    /** the run's clock, ms */
    private readonly clock: () => number = () => 0,
  ) {
    this.started = clock();
  }
  page(what: string, attempts: number): void {
    this.requests += 1;
    this.pages += 1;
    this.attempts += attempts;
    this.onProgress?.(this, what);
  }
  hit(what: string): void {
    this.cacheHits += 1;
    this.onProgress?.(this, what);
  }
  seen(fetchedAt: string): void {
    if (this.fetchedAt === null || fetchedAt < this.fetchedAt) this.fetchedAt = fetchedAt;
  }
  elapsedSeconds(): number {
    return (this.clock() - this.started) / 1000;
  }
  summary(): string {
    const retries = this.attempts - this.requests;
    return `${this.requests} request${this.requests === 1 ? '' : 's'}${retries > 0 ? ` (+${retries} retries)` : ''}, ${this.pages} page${this.pages === 1 ? '' : 's'}, ${this.cacheHits} from cache, ${this.elapsedSeconds().toFixed(1)} s`;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The SDK's service ids for the endpoint variables (AWS_ENDPOINT_URL_<ID>). */
export type AwsService = 'PRICING' | 'EC2' | 'COST_EXPLORER';

/**
 * The endpoint a client calls, from the run's environment as the SDK reads it
 * (AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns both
 * off): https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
export function endpointOf(env: Env, service: AwsService): string | undefined {
  if (env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'] === 'true') return undefined;
  return env[`AWS_ENDPOINT_URL_${service}`] || env['AWS_ENDPOINT_URL'] || undefined;
}

/**
 * Client settings from the run's environment (not the process's): endpoint, static credentials
 * when the environment carries keys (else the SDK's standard chain: shared config, SSO, web
 * identity, instance metadata), bounded retries with backoff, time-outs.
 */
export function clientConfig(region: string, env: Env, service: AwsService): Record<string, unknown> {
  const attempts = Number(env['AWS_MAX_ATTEMPTS'] ?? '') || 4;
  const timeout = Number(env['LOKIPLAN_AWS_TIMEOUT_MS'] ?? '') || 30000;
  const endpoint = endpointOf(env, service);
  const id = env['AWS_ACCESS_KEY_ID'];
  const secret = env['AWS_SECRET_ACCESS_KEY'];
  return {
    region,
    maxAttempts: attempts,
    retryMode: env['AWS_RETRY_MODE'] ?? 'standard',
    ...(endpoint ? { endpoint } : {}),
    ...(id && secret ? { credentials: { accessKeyId: id, secretAccessKey: secret, ...(env['AWS_SESSION_TOKEN'] ? { sessionToken: env['AWS_SESSION_TOKEN'] } : {}) } } : {}),
    ...(env['AWS_PROFILE'] && !(id && secret) ? { profile: env['AWS_PROFILE'] } : {}),
    requestHandler: { requestTimeout: timeout, connectionTimeout: Math.min(timeout, 10000), throwOnRequestTimeout: true },
  };
}

/**
 * The most bytes one AWS response may have. A Price List page of 100 products is well under 4 MiB
 * (the largest, EC2 instance products with every term, ~25 kB each); a response past this is not
 * one lokiplan can use, and buffering it whole would exhaust memory (a 2 GiB body killed Node).
 */
export const MAX_RESPONSE_BYTES = 64 << 20;

/** What the middleware stack of an SDK v3 client takes (smithy's `add`), as far as lokiplan uses it. */
interface WithMiddleware {
  middlewareStack: { add(mw: unknown, opts: { step: 'deserialize'; priority: 'low'; name: string }): void };
}

/**
 * Bound every response a client receives: a declared Content-Length past `max` is refused before
 * the body is read, and the body stream itself errors (and is destroyed) the moment it passes
 * `max`, so neither a lying header nor an endless stream is buffered. Added innermost in the
 * deserialize step, where the raw HTTP response is seen before the SDK parses it
 * (https://github.com/smithy-lang/smithy-typescript, packages/middleware-stack).
 */
export function boundResponses<C extends WithMiddleware>(client: C, max = MAX_RESPONSE_BYTES): C {
  const tooLarge = (n: string) => Object.assign(new Error(`the response is larger than ${max} bytes (${n}); lokiplan reads at most that much`), { name: 'ResponseTooLarge' });
  type Res = { response: { headers?: Record<string, string>; body?: unknown } };
  const mw = (next: (a: unknown) => Promise<Res>) => async (args: unknown) => {
    const out = await next(args);
    const res = out.response;
    const body = res?.body;
    const declared = Number(res?.headers?.['content-length'] ?? NaN);
    if (declared > max) {
      if (body instanceof Readable) body.destroy();
      throw tooLarge(`Content-Length ${declared}`);
    }
    if (body instanceof Readable) {
      let n = 0;
      const counted = new Transform({
        transform(chunk: Buffer, _enc, done) {
          n += chunk.length;
          if (n > max) {
            body.destroy();
            done(tooLarge('more than that was sent'));
          } else done(null, chunk);
        },
      });
      body.on('error', (e) => counted.destroy(e));
      res.body = body.pipe(counted);
    }
    return out;
  };
  client.middlewareStack.add(mw, { step: 'deserialize', priority: 'low', name: 'lokiplanBoundResponses' });
  return client;
}

const THROTTLE = /^(ThrottlingException|Throttling|ThrottledException|RequestLimitExceeded|TooManyRequestsException|RequestThrottled|RequestThrottledException|SlowDown|LimitExceededException)$/;
const EXPIRED = /^(ExpiredTokenException|ExpiredToken|RequestExpired|TokenRefreshRequired|InvalidClientTokenId|UnrecognizedClientException)$/;
const DENIED = /^(AccessDeniedException|AccessDenied|UnauthorizedOperation|UnauthorizedException|AuthFailure|Forbidden)$/;

/**
 * One line saying what failed and what to do. `action` is the IAM action the call needs
 * (pricing:GetProducts, ec2:DescribeSpotPriceHistory, ce:GetCostAndUsage).
 */
export function awsFailure(e: unknown, action: string, what: string, env: Env = {}): SourceError {
  if (e instanceof SourceError) return e;
  const err = e as { name?: string; code?: string; message?: string; $metadata?: { attempts?: number; httpStatusCode?: number }; Code?: string };
  // the code is a bounded identifier; the message is the remote's text, cleaned and cut
  const name = /^[A-Za-z][\w.:-]{0,63}$/.test(String(err?.name ?? err?.code ?? '')) ? String(err?.name ?? err?.code) : 'Error';
  const msg = remoteMessage((err?.message ?? String(e)).split('\n')[0]!, [env['AWS_SECRET_ACCESS_KEY'], env['AWS_SESSION_TOKEN'], env['AWS_ACCESS_KEY_ID']]);
  const attempts = err?.$metadata?.attempts;
  if (name === 'CredentialsProviderError' || /Could not load credentials|credential/i.test(name) || /Could not load credentials from any providers/.test(msg)) {
    return new SourceError(
      `${what}: no AWS credentials found (looked in the environment, shared config and credentials files, SSO, web identity/IRSA, instance metadata): set AWS_PROFILE, run \`aws sso login\`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`,
    );
  }
  if (EXPIRED.test(name) || /expired|security token included in the request is invalid/i.test(msg)) {
    return new SourceError(`${what}: the AWS credentials are expired or invalid (${name}): refresh them (\`aws sso login\` or a new session) and retry`);
  }
  if (DENIED.test(name) || err?.$metadata?.httpStatusCode === 403) {
    return new SourceError(`${what}: access denied (${name}): the AWS identity needs the IAM permission ${action}`);
  }
  if (THROTTLE.test(name) || err?.$metadata?.httpStatusCode === 429) {
    return new SourceError(
      `${what}: AWS throttled the request and it still failed after ${attempts ?? 'several'} attempts with backoff: wait a minute and retry (AWS_MAX_ATTEMPTS raises the retries)`,
    );
  }
  if (/Timeout|TimedOut/i.test(name) || /ETIMEDOUT|timed? ?out/i.test(msg)) {
    return new SourceError(`${what}: timed out waiting for AWS (${msg}): check the network or proxy and retry (LOKIPLAN_AWS_TIMEOUT_MS sets the limit)`);
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|socket hang up/i.test(`${err?.code ?? ''} ${msg}`)) {
    return new SourceError(`${what}: could not reach AWS (${msg}): check the network, proxy or AWS_ENDPOINT_URL_* settings`);
  }
  if (/Region is missing/i.test(msg)) {
    return new SourceError(`${what}: no AWS region configured: pass --region or set AWS_REGION`);
  }
  if (name === 'SyntaxError' || /Unexpected token|JSON|XML|Deserializ/i.test(`${name} ${msg}`)) {
    return new SourceError(`${what}: AWS sent a response lokiplan cannot read (${name}: ${msg})`);
  }
  return new SourceError(`${what}: AWS call failed (${name}${msg && msg !== name ? `: ${msg}` : ''})`);
}
