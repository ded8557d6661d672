/**
 * The pure pieces of calibration: selectors, durations, the Prometheus response parser, workload
 * names to Loki components. The measurements themselves are tested against a real Prometheus
 * (calibrate-prometheus.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkSelector, componentOf, promDuration } from '../src/calibrate/measure.js';
import { METRICS } from '../src/calibrate/metrics.js';
import { parseQueryResponse, promBaseUrl } from '../src/sources/prometheus.js';
import { MODES } from '../src/model/modes/index.js';

describe('selectors and durations', () => {
  it.each([
    ['', ''],
    ['namespace="loki"', 'namespace="loki"'],
    ['{namespace="loki", job=~"loki/.*"}', 'namespace="loki",job=~"loki/.*"'],
    ['cluster!="a,b"', 'cluster!="a,b"'],
  ])('%j is accepted as %j', (given, want) => expect(checkSelector(given)).toBe(want));
  it.each(['namespace=loki', 'namespace="loki"} or vector(1)', 'a="b",', '1a="b"', 'a="b" or c="d"'])('%j is refused', (s) => {
    expect(() => checkSelector(s)).toThrow(/--selector must be PromQL label matchers/);
  });
  it.each([
    [604800, '7d'],
    [129600, '36h'],
    [5400, '90m'],
    [45, '45s'],
  ])('%d s is %s', (s, d) => expect(promDuration(s)).toBe(d));
});

describe('workload names', () => {
  const components = [...new Set(Object.values(MODES).flatMap((m) => m.targets.map((t) => t.name)))];
  it.each([
    ['loki-ingester', 'ingester'],
    ['loki-index-gateway', 'index-gateway'],
    ['loki-gateway', 'gateway'],
    ['loki-query-frontend', 'query-frontend'],
    ['loki-chunks-cache', 'chunks-cache'],
    ['loki-write', 'write'],
    ['loki', 'single-binary'],
    ['grafana', null],
    ['loki-canary', null],
  ])('%s is %s', (name, c) => expect(componentOf(name, components)).toBe(c));
});

describe('Prometheus responses', () => {
  const where = 'Prometheus at http://x/api/v1/query';
  it('reads a vector, a scalar and Prometheus float spellings', () => {
    expect(parseQueryResponse({ status: 'success', data: { resultType: 'vector', result: [{ metric: { reason: 'full' }, value: [1, '12.5'] }, { metric: {}, value: [1, 'NaN'] }] } }, where)).toEqual([
      { labels: { reason: 'full' }, value: 12.5 },
      { labels: {}, value: NaN },
    ]);
    expect(parseQueryResponse({ status: 'success', data: { resultType: 'scalar', result: [1, '+Inf'] } }, where)).toEqual([{ labels: {}, value: Infinity }]);
  });
  it('an error response names its type; a malformed one says so', () => {
    expect(() => parseQueryResponse({ status: 'error', errorType: 'bad_data', error: 'parse error' }, where)).toThrow(`${where}: query failed (bad_data: parse error)`);
    expect(() => parseQueryResponse({ status: 'success', data: { resultType: 'matrix', result: [] } }, where)).toThrow(/expected a vector/);
    expect(() => parseQueryResponse({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '1e'] }] } }, where)).toThrow(/malformed sample value/);
    expect(() => parseQueryResponse([], where)).toThrow(/not a Prometheus query response/);
  });
  it('base URLs: a path prefix is kept, a query or credentials are refused', () => {
    expect(promBaseUrl('https://mimir.example/prometheus').href).toBe('https://mimir.example/prometheus/');
    expect(() => promBaseUrl('http://127.0.0.1:9090/?x=1')).toThrow(/without a query/);
    expect(() => promBaseUrl('ftp://x')).toThrow(/http\(s\) URL/);
    expect(() => promBaseUrl('http://u:secret@x')).toThrow(/must not carry credentials/);
  });
});

describe('the metric table', () => {
  it('cites a release tag for every Loki metric and names the tenant label the code uses', () => {
    for (const m of Object.values(METRICS)) expect(m.source).toMatch(m.kube ? /kube-state-metrics/ : /^grafana\/loki v3\.7\.6 pkg\//);
    expect(METRICS.bytes.tenantLabel).toBe('tenant');
    expect(METRICS.fetched.tenantLabel).toBe('user');
    expect(METRICS.compression.tenantLabel).toBeNull();
    expect(METRICS.compression.probe).toBe('loki_ingester_chunk_compression_ratio_count');
  });
});
