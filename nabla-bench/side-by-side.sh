#!/usr/bin/env bash
# Measures nabla and its peers (PyTorch; numpy's BLAS for sgemm) on the same workloads in one run, with 1 and 2
# threads, and prints a markdown table with both figures and the ratio (above 1: nabla is faster). nabla runs twice:
# with its Vector API kernels and with the scalar fallback (NABLA_VECTOR=off), which the table reports too.
# Usage: nabla-bench/side-by-side.sh [--quick] [workload-prefix ...]      (e.g. "sgemm" or "mlp")
# Peers: Debian's python3-torch with libopenblas0-openmp (apt-get install python3-torch libopenblas0-openmp).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/nabla-bench/build.sh"
out=$(mktemp -d)
py=/usr/bin/python3
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE   # they slow a current OpenBLAS down; the peer reports which library it loaded
args=()
nabla() { # threads, vector on|off, output file
  NABLA_THREADS=$1 NABLA_VECTOR=$2 "$JAVA_HOME/bin/java" $(nabla_jvm_flags) \
    -cp "$cp" dev.nabla.bench.SideBySide "${@:4}" \
    2> >(grep -v '^WARNING: Using incubator\|^nabla: ' >&2) > "$3"
}
for t in 1 2; do
  nabla $t on "$out/nabla-$t.tsv" "$@"
  nabla $t off "$out/scalar-$t.tsv" "$@"
  if $py -c 'import torch, numpy' 2>/dev/null; then
    OMP_WAIT_POLICY=PASSIVE $py "$root/nabla-bench/peers/torch_peer.py" $t "$@" > "$out/peer-$t.tsv"
  else
    echo "# peer skipped: python3-torch is not installed" > "$out/peer-$t.tsv"
  fi
  args+=("$t:$out/nabla-$t.tsv:$out/scalar-$t.tsv:$out/peer-$t.tsv")
done
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u +%Y-%m-%d)"
$py "$root/nabla-bench/peers/table.py" "${args[@]}"
