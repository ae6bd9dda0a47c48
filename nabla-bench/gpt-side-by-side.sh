#!/usr/bin/env bash
# Issue #8's "baby GPT" bar, nabla beside PyTorch in one run: character-level Tiny Shakespeare (first 90% train, last
# 10% validation), GPT-2 blocks with n_layer 4, n_head 4, n_embd 128, block 64, batch 12, dropout 0; AdamW lr 1e-3,
# betas 0.9/0.99, weight decay 0.1 on ≥2-D weights, warmup 100 then cosine to 1e-4 at 2000, clip 1.0. Prints the
# train and validation loss estimates (200 random batches each) and the mean milliseconds per training iteration so
# far (evaluation excluded) every EVAL_EVERY iterations.
# Usage: nabla-bench/gpt-side-by-side.sh [TEXT] [ITERS] [EVAL_EVERY]   (default ../shared/data/tinyshakespeare.txt, 2000, 500)
# Peer: Debian's python3-torch (with libopenblas0 for a fair BLAS); skipped with a message when absent.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
text="${1:-$root/../shared/data/tinyshakespeare.txt}"
iters="${2:-2000}"
every="${3:-500}"
threads="${THREADS:-2}"
[ -f "$text" ] || { echo "text not found: $text" >&2; exit 1; }
. "$root/nabla-bench/build.sh"
out=$(mktemp -d)
NABLA_THREADS=$threads "$JAVA_HOME/bin/java" $(nabla_jvm_flags) -cp "$cp" \
  dev.nabla.bench.GptBench "$text" "$iters" "$every" 2> >(grep -v '^WARNING: Using incubator' >&2) > "$out/nabla.tsv"
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$root/nabla-bench/peers/torch_gpt.py" "$text" "$threads" "$iters" "$every" > "$out/torch.tsv"
else
  echo "peer skipped: python3-torch is not installed" >&2; : > "$out/torch.tsv"
fi
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); $(date -u +%Y-%m-%d); $threads threads; $text"
printf '| iteration | nabla train | nabla val | torch train | torch val | nabla ms/iter | torch ms/iter | torch ms / nabla ms |\n|---|---|---|---|---|---|---|---|\n'
join -j 2 -t $'\t' <(sort -k2,2 "$out/nabla.tsv") <(sort -k2,2 "$out/torch.tsv") | sort -n | \
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %.2f |\n", $1, $3, $4, $7, $8, $5, $9, $9 / $5 }'
