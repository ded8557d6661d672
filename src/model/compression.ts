/**
 * Compression ratios of log data, one per codec, used for chunks, the agents' push bodies and the
 * gRPC compression levers alike (issue 26 item 3).
 *
 * Loki's docs put chunk compression at 5-10x (docs/sources/configure/bp-configure.md, "Use
 * chunk_target_size"), and that is the scenario's storage.compressionRatio, for its chunk_encoding.
 * The other codecs follow from how each compresses log lines relative to gzip, measured on the log
 * corpus Loki's own compression-ratio benchmark uses (grafana/loki v3.7.6
 * pkg/chunkenc/testdata/testdata.go, Prometheus/Loki logfmt lines; the benchmark is
 * pkg/chunkenc/memchunk_test.go L758-801) in one 262,144-byte block, Loki's chunk_block_size:
 * gzip -6 (Go's DefaultCompression) 11,282 B (23.2x), zstd -3 (klauspost SpeedDefault) 10,558 B,
 * lz4 -1 17,488 B, snappy (python3-snappy 0.5.3, block format) 24,955 B. Reproduce with
 * scripts/codec-ratios.sh <grafana/loki clone>. That corpus is far more repetitive than most logs,
 * so only the ratios between codecs are taken from it, never its 23x.
 */
import type { GrpcCompression, Scenario } from './types.js';

export type Codec = 'gzip' | 'flate' | 'zstd' | 'lz4' | 'snappy' | 'none';

/** Each codec's ratio over gzip's on log lines (measured above; flate is gzip without its header). */
export const CODEC_VS_GZIP: Readonly<Record<Codec, number>> = Object.freeze({
  gzip: 1,
  flate: 1,
  zstd: 11282 / 10558,
  lz4: 11282 / 17488,
  snappy: 11282 / 24955,
  none: 0,
});
export const CODEC_SOURCE =
  "Loki docs 5-10x for chunks (grafana/loki v3.7.6 docs/sources/configure/bp-configure.md); the codecs' ratios to gzip measured on Loki's compression-benchmark corpus (pkg/chunkenc/testdata/testdata.go at v3.7.6) in one 262,144 B block: gzip -6 11,282 B, zstd -3 10,558 B, lz4 -1 17,488 B, snappy 24,955 B (scripts/codec-ratios.sh)";

/** Loki's chunk_encoding names (lz4-64k, lz4-256k, lz4-1M are lz4 with other block sizes). */
export function codecOf(encoding: string): Codec {
  const e = encoding.toLowerCase();
  if (e.startsWith('lz4')) return 'lz4';
  return (['gzip', 'flate', 'zstd', 'snappy', 'none'] as const).find((c) => c === e) ?? 'gzip';
}

/** The log data's gzip ratio: the scenario's chunk ratio, read through its chunk_encoding. */
export function gzipRatio(s: Scenario): number {
  const rel = CODEC_VS_GZIP[codecOf(s.ingester.chunkEncoding)];
  return rel > 0 ? s.storage.compressionRatio / rel : s.storage.compressionRatio;
}

/** Raw bytes per compressed byte of log data under `codec` (never below 1). */
export function ratioOf(s: Scenario, codec: Codec): number {
  if (codec === 'none') return 1;
  return Math.max(1, gzipRatio(s) * CODEC_VS_GZIP[codec]);
}

/** gRPC payloads between components (grpc_compression: none, snappy or gzip). */
export const grpcRatio = (s: Scenario, g: GrpcCompression): number => ratioOf(s, g);

/** The agents' push bodies: snappy-compressed protobuf (Loki HTTP API POST /loki/api/v1/push), unless the scenario says. */
export const pushRatio = (s: Scenario): number => s.platform.pushCompressionRatio ?? ratioOf(s, 'snappy');
