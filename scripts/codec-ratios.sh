#!/bin/sh
# The codecs' compression of log lines relative to gzip (src/model/compression.ts), measured on the
# corpus Loki's own compression-ratio benchmark uses. Usage: scripts/codec-ratios.sh <grafana/loki git dir>
# Needs gzip, zstd, lz4 and python3 with python3-snappy (Debian: apt-get install python3-snappy).
set -eu
git --git-dir="$1" show v3.7.6:pkg/chunkenc/testdata/testdata.go |
  awk '/^var Logs = strings.Split\(`/{f=1; sub(/^var Logs = strings.Split\(`/,""); print; next} /^`, "\\n"\)/{f=0} f' |
  head -c 262144 > /tmp/codec-block
echo "raw $(wc -c < /tmp/codec-block)"
echo "gzip -6 $(gzip -6 -n -c < /tmp/codec-block | wc -c)"
echo "zstd -3 $(zstd -3 -q -c /tmp/codec-block | wc -c)"
echo "lz4 -1 $(lz4 -1 -q -c /tmp/codec-block | wc -c)"
echo "snappy $(/usr/bin/python3 -c 'import snappy; print(len(snappy.compress(open("/tmp/codec-block","rb").read())))')"
