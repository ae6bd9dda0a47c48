#!/usr/bin/env bash
# One LSTM's forward+backward through time, nabla beside PyTorch in one run: 2 layers of 256, input (32, 100, 64),
# batch_first (the char-LM bar's recurrent part). Prints the mean ms per forward+backward of each and the ratio.
# Usage: nabla-bench/lstm-side-by-side.sh [WARMUP] [ITERATIONS]   (default 5 20; THREADS=2)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
warmup="${1:-5}" iters="${2:-20}" threads="${THREADS:-2}"
. "$root/nabla-bench/build.sh"
nabla=$(NABLA_THREADS=$threads "$JAVA_HOME/bin/java" $(nabla_jvm_flags) -cp "$cp" \
  dev.nabla.bench.LstmBench "$warmup" "$iters" 2> >(grep -v '^WARNING: Using incubator' >&2) | cut -f2)
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  torch=$(OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$root/nabla-bench/peers/torch_lstm.py" "$threads" "$warmup" "$iters" | cut -f2)
else
  echo "peer skipped: python3-torch is not installed" >&2; torch=nan
fi
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); $(date -u +%Y-%m-%d); $threads threads"
printf '| nabla ms | torch ms | torch ms / nabla ms |\n|---|---|---|\n| %s | %s | %s |\n' "$nabla" "$torch" \
  "$(awk -v a="$nabla" -v b="$torch" 'BEGIN { printf "%.2f", b / a }')"
