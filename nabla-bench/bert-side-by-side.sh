#!/usr/bin/env bash
# Issue #9's training bar, nabla beside PyTorch in one run: one MLM training step of BERT-Small (L 4, H 256, A 4,
# FFN 1024, vocab 30522) on batch 16 x 128 tokens with dynamic masking, AdamW, dropout 0.1 (see BertBench and
# peers/torch_bert.py, which share the settings). Two rows: the decoder (tied, vocabulary-sized) at every position as
# Hugging Face's BertForMaskedLM, and only at the masked positions as Google's BERT (same loss and gradients).
# Prints mean ms per step for both and the ratio (above 1: nabla is faster), on THREADS threads (default 2).
# Usage: nabla-bench/bert-side-by-side.sh [STEPS] [WARMUP] [DROPOUT]   (default 10 3 0.1)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
steps="${1:-10}" warmup="${2:-3}" dropout="${3:-0.1}" threads="${THREADS:-2}"
. "$root/nabla-bench/build.sh"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); $(date -u +%Y-%m-%d); $threads threads; $steps steps after $warmup; dropout $dropout"
echo "| decoder at | nabla ms/step | torch ms/step | torch ms / nabla ms | nabla last loss | torch last loss |"
echo "|---|---|---|---|---|---|"
for decode in all masked; do
  read -r _ nms nloss < <(NABLA_THREADS=$threads "$JAVA_HOME/bin/java" $(nabla_jvm_flags) -Xmx4g \
    -cp "$cp" dev.nabla.bench.BertBench "$steps" "$warmup" "$dropout" "$decode" 2> >(grep -v '^WARNING: Using incubator' >&2))
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    read -r _ tms tloss < <(OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$root/nabla-bench/peers/torch_bert.py" "$threads" "$steps" "$warmup" "$dropout" "$decode")
  else
    echo "peer skipped: python3-torch is not installed" >&2; tms=nan tloss=nan
  fi
  awk -v d="$decode" -v n="$nms" -v t="$tms" -v nl="$nloss" -v tl="$tloss" \
    'BEGIN { printf "| %s | %s | %s | %.2f | %s | %s |\n", (d == "all" ? "every position" : "masked positions"), n, t, t / n, nl, tl }'
done
