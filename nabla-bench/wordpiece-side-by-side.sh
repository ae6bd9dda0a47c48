#!/usr/bin/env bash
# Issue #9's tokeniser bar, nabla beside the reference in one run: BERT's WordPiece (bert-base-uncased) encoding each
# whole text without special tokens, best of ROUNDS timed encodings after a warm-up, tokens/s for both, their ratio,
# and whether the ids are identical.
# Usage: nabla-bench/wordpiece-side-by-side.sh [TEXT ...]   (default ../shared/data/brown.txt)
# Peer: Hugging Face tokenizers (Rust) through DJL's JNI build on Maven Central, one thread, run by
# tools/wordpiece/ReferenceIds.java --bench; fetch it once with
#   mvn -q dependency:get -Dartifact=ai.djl.huggingface:tokenizers:0.38.0
# VOCAB (default nabla-text's committed bert-base-uncased vocab.txt) and LOWERCASE (default true) choose the vocabulary.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
vocab="${VOCAB:-$root/nabla-text/src/test/resources/wordpiece/bert-base-uncased-vocab.txt}"
lower="${LOWERCASE:-true}"
rounds="${ROUNDS:-5}"
texts=("$@")
[ ${#texts[@]} -gt 0 ] || texts=("$root/../shared/data/brown.txt")
. "$root/nabla-bench/build.sh"
djl=$("$root/tools/wordpiece/djl-classpath.sh")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); $(date -u +%Y-%m-%d); best of $rounds; reference: HF tokenizers via DJL 0.38.0, RAYON_NUM_THREADS=1"
printf '| text | MB chars | tokens | nabla Mtok/s | tokenizers Mtok/s | nabla / reference | ids identical |\n|---|---|---|---|---|---|---|\n'
for text in "${texts[@]}"; do
  [ -f "$text" ] || { echo "text not found: $text" >&2; exit 1; }
  IFS=$'\t' read -r ns chars ntok < <("$JAVA_HOME/bin/java" $(nabla_jvm_flags) -cp "$cp" \
    dev.nabla.bench.WordPieceBench "$vocab" "$text" "$lower" "$rounds" "$out/nabla.ids" 2> >(grep -v '^WARNING: Using incubator' >&2))
  IFS=$'\t' read -r rs _ _ < <(RAYON_NUM_THREADS=1 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$djl" \
    "$root/tools/wordpiece/ReferenceIds.java" "$vocab" "$text" "$lower" --bench "$rounds" "$out/ref.ids" 2> >(grep -v 'SLF4J' >&2))
  same=$(cmp -s "$out/nabla.ids" "$out/ref.ids" && echo yes || echo "NO ($(diff "$out/nabla.ids" "$out/ref.ids" | grep -c '^[<>]') lines differ)")
  awk -v t="$(basename "$text")" -v c="$chars" -v n="$ntok" -v ns="$ns" -v rs="$rs" -v same="$same" \
    'BEGIN { printf "| %s | %.2f | %d | %.2f | %.2f | %.2f | %s |\n", t, c / 1e6, n, n / 1e6 / ns, n / 1e6 / rs, rs / ns, same }'
done
