#!/usr/bin/env bash
# Issue #6's char-level LM bar, nabla beside PyTorch in one run: Tiny Shakespeare (first 90% train, last 10%
# validation), embedding 64, 2-layer LSTM 256, seq 100, batch 32, Adam 2e-3, clip 5; validation loss at the given
# iterations and the mean milliseconds per training iteration up to them (evaluation excluded).
# Usage: nabla-bench/charlm-side-by-side.sh [TEXT] [EVAL_ITER ...]   (default ../shared/data/tinyshakespeare.txt, 200 500)
# Peer: Debian's python3-torch (with libopenblas0 for a fair BLAS); skipped with a message when absent.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
text="${1:-$root/../shared/data/tinyshakespeare.txt}"
shift || true
evals=("$@")
[ ${#evals[@]} -gt 0 ] || evals=(200 500)
threads="${THREADS:-2}"
[ -f "$text" ] || { echo "text not found: $text" >&2; exit 1; }
. "$root/nabla-bench/build.sh"
out=$(mktemp -d)
NABLA_THREADS=$threads "$JAVA_HOME/bin/java" $(nabla_jvm_flags) -cp "$cp" \
  dev.nabla.bench.CharLMBench "$text" "${evals[@]}" 2> >(grep -v '^WARNING: Using incubator' >&2) > "$out/nabla.tsv"
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$root/nabla-bench/peers/torch_charlm.py" "$text" "$threads" "${evals[@]}" > "$out/torch.tsv"
else
  echo "peer skipped: python3-torch is not installed" >&2; : > "$out/torch.tsv"
fi
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); $(date -u +%Y-%m-%d); $threads threads; $text"
printf '| iteration | nabla val loss | torch val loss | nabla ms/iter | torch ms/iter | torch ms / nabla ms |\n|---|---|---|---|---|---|\n'
join -j 2 -t $'\t' <(sort -k2,2 "$out/nabla.tsv") <(sort -k2,2 "$out/torch.tsv") | sort -n | \
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %.2f |\n", $1, $3, $6, $4, $7, $7 / $4 }'
