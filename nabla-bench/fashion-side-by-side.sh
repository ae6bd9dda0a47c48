#!/usr/bin/env bash
# Seconds per epoch and test accuracy of the Fashion-MNIST demos, nabla beside PyTorch in one run (2 threads).
# Usage: nabla-bench/fashion-side-by-side.sh [DATA_DIR] [EPOCHS]     (default: $NABLA_DATA or ../shared/data/fashion-mnist, 2)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
data="${1:-${NABLA_DATA:-$root/../shared/data/fashion-mnist}}"
epochs="${2:-2}"
threads=2
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $threads threads; $(date -u +%Y-%m-%d)"
echo "| model | epoch | nabla s | nabla test acc | torch s | torch test acc | torch s / nabla s |"
echo "|---|---|---|---|---|---|---|"
for model in mlp lenet; do
  mapfile -t n < <(NABLA_THREADS=$threads "$root/nabla" fashion-mnist --model "$model" --epochs "$epochs" --data "$data" 2>/dev/null \
    | sed -n 's/^epoch \([0-9]*\): train loss [0-9.]*, test accuracy \([0-9.]*\)%, \([0-9.]*\) s$/\3 \2/p')
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    mapfile -t t < <(OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$root/nabla-bench/peers/torch_fashion.py" "$data" $threads "$model" "$epochs" \
      | sed -n 's/^torch [a-z]* epoch [0-9]*: \([0-9.]*\) s, test accuracy \([0-9.]*\)%$/\1 \2/p')
  else
    t=()
  fi
  for ((e = 0; e < epochs; e++)); do
    read -r ns na <<< "${n[$e]:-- -}"
    read -r ts ta <<< "${t[$e]:-- -}"
    ratio=$(awk -v a="$ns" -v b="$ts" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", b / a; else print "-" }')
    echo "| $model | $((e + 1)) | $ns | $na% | $ts | $ta% | $ratio |"
  done
done
