#!/usr/bin/env bash
# Issue #7's attention bar, nabla beside PyTorch in one run: scaled dot-product attention at batch 8, heads 8,
# T = S = 256, head dim 64, causal and not, forward and forward + backward. nabla fused (FusedAttention) and nabla
# composed of Tensor ops, against torch 1.13 composed (softmax(q @ kᵀ / √d) @ v: 1.13 has no fused attention).
# Then the bytes one forward + backward call allocates at batch 1, heads 8, head dim 64, T = 256, 1024, 4096.
# A second pass on one thread times the calling thread's CPU time per call (robust when other jobs load the machine).
# Usage: nabla-bench/attention-side-by-side.sh [--quick] [--no-memory]      (THREADS=2 by default)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
threads="${THREADS:-2}"
. "$root/nabla-bench/build.sh"
out=$(mktemp -d)
run() { # threads, output suffix, arguments
  echo "load before the $1-thread pass: $(cut -d' ' -f1 /proc/loadavg)"
  NABLA_THREADS=$1 "$JAVA_HOME/bin/java" $(nabla_jvm_flags) -Xmx6g \
    -cp "$cp" dev.nabla.bench.AttentionBench "${@:3}" \
    2> >(grep -v '^WARNING: Using incubator' >&2) > "$out/nabla$2.tsv"
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$root/nabla-bench/peers/torch_attention.py" "$1" "${@:3}" > "$out/torch$2.tsv"
  else
    echo "peer skipped: python3-torch is not installed" >&2; : > "$out/torch$2.tsv"
  fi
}
table() { # title, output suffix
  printf '\n| %s | nabla fused ms | nabla composed ms | torch ms | torch ms / nabla fused ms |\n|---|---|---|---|---|\n' "$1"
  for w in "forward" "forward+backward" "forward causal" "forward+backward causal"; do
    f=$(awk -F'\t' -v n="fused $w" '$1 == n { print $2 }' "$out/nabla$2.tsv")
    c=$(awk -F'\t' -v n="composed $w" '$1 == n { print $2 }' "$out/nabla$2.tsv")
    p=$(awk -F'\t' -v n="torch $w" '$1 == n { print $2 }' "$out/torch$2.tsv")
    awk -v w="$w" -v f="$f" -v c="$c" -v p="$p" 'BEGIN { printf "| %s | %.1f | %.1f | %s | %s |\n", w, f * 1e3, c * 1e3,
      p == "" ? "-" : sprintf("%.1f", p * 1e3), p == "" ? "-" : sprintf("%.2f", p / f) }'
  done
}
run "$threads" "" "$@"
run 1 "-cpu" --cpu --no-memory "$@"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); $(date -u +%Y-%m-%d)"
echo "$(grep '^#' "$out/nabla.tsv") / $(grep '^#' "$out/torch.tsv")"
table "B8 H8 T256 D64, $threads threads, wall" ""
table "B8 H8 T256 D64, 1 thread, CPU time" "-cpu"
if grep -q '^mem ' "$out/nabla.tsv"; then
  # out, dq, dk, dv: 4 arrays of 8·T·64 floats, which every implementation allocates
  printf '\n| T (B1 H8 D64), forward+backward | fused MiB allocated | composed MiB allocated | of which out, dq, dk, dv |\n|---|---|---|---|\n'
  awk -F'\t' '$1 == "mem fused" { f[$2] = $3 } $1 == "mem composed" { c[$2] = $3; order[++n] = $2 }
    END { for (i = 1; i <= n; i++) { t = order[i]; printf "| %d | %.1f | %.1f | %.1f |\n", t, f[t] / 1048576, c[t] / 1048576, 4 * 8 * t * 64 * 4 / 1048576 } }' "$out/nabla.tsv"
fi
