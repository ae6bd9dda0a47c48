#!/usr/bin/env bash
# Does nabla's BERT learn as fast as PyTorch's? Trains issue #9's small BERT (L 4, H 256, A 4, FFN 1024) on the
# Javadoc text for STEPS steps in nabla (BertMlmCurve), then the same model in PyTorch (peers/torch_bert_curve.py)
# from the same initial weights on the same batches with the same recipe (AdamW lr LR, warmup, clipping, dropout 0),
# and prints both masked-LM losses: the first steps one by one, then the mean of every window of 50 steps.
# TOKENIZER_DIR: a directory with the vocabulary to use (e.g. a model saved by `nabla bert pretrain`).
# Usage: nabla-bench/bert-mlm-curve.sh TOKENIZER_DIR [STEPS] [LR] [WARMUP]   (default 400 5e-4 100; THREADS=2)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 TOKENIZER_DIR [STEPS] [LR] [WARMUP]" >&2; exit 2; }
tok="$1" steps="${2:-400}" lr="${3:-5e-4}" warmup="${4:-100}" threads="${THREADS:-2}"
out="${OUT:-$(mktemp -d)}"
. "$root/nabla-bench/build.sh"
/usr/bin/python3 -c 'import torch, numpy' 2>/dev/null || { echo "python3-torch is not installed: nothing to compare with" >&2; exit 1; }
NABLA_THREADS=$threads "$JAVA_HOME/bin/java" $(nabla_jvm_flags) -Xmx4g -cp "$cp" dev.nabla.bench.BertMlmCurve "$out" "$steps" "$tok" "$lr" "$warmup" \
  2> >(grep -v '^WARNING: Using incubator' >&2)
/usr/bin/python3 "$root/nabla-bench/peers/torch_bert_curve.py" "$out" "$threads" "$lr" "$warmup"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); $steps steps, lr $lr, warmup $warmup; files in $out"
paste "$out/nabla.tsv" "$out/torch.tsv" | awk -F'\t' '
  NR == 1 { print "| steps | nabla MLM loss | torch MLM loss | difference |"; print "|---|---|---|---|" }
  NR <= 5 { printf "| %d | %.5f | %.5f | %+.5f |\n", $1, $2, $4, $2 - $4 }
  { n += $2; t += $4; k++ }
  NR % 50 == 0 { printf "| %d-%d | %.4f | %.4f | %+.4f |\n", NR - 49, NR, n / k, t / k, (n - t) / k; n = t = k = 0 }'
