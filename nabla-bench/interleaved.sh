#!/usr/bin/env bash
# Judges a noisy bar: launches nabla and PyTorch alternately, N times each, on the same workloads of the side-by-side
# benchmark, and prints each launch's figures and the median over the launches. On these shared 2-core machines one
# launch of the same code can run 20-30% slower than the next (both nabla and torch), so one side-by-side run is not
# enough to call a ratio within a few tenths of 1.
# Usage: nabla-bench/interleaved.sh [-n LAUNCHES] [-t THREADS] workload-prefix ...   (e.g. -n 8 -t 2 transformer)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n=8 t=2
while getopts "n:t:" o; do case $o in n) n=$OPTARG ;; t) t=$OPTARG ;; *) exit 2 ;; esac; done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: $0 [-n LAUNCHES] [-t THREADS] workload-prefix ..." >&2; exit 2; }
. "$root/nabla-bench/build.sh"
py=/usr/bin/python3
$py -c 'import torch, numpy' 2>/dev/null || { echo "python3-torch is not installed: nothing to compare with" >&2; exit 1; }
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
out=$(mktemp -d)
for i in $(seq 1 "$n"); do
  NABLA_THREADS=$t "$JAVA_HOME/bin/java" $(nabla_jvm_flags) -cp "$cp" \
    dev.nabla.bench.SideBySide "$@" 2>/dev/null > "$out/nabla-$i.tsv"
  OMP_WAIT_POLICY=PASSIVE $py "$root/nabla-bench/peers/torch_peer.py" "$t" "$@" > "$out/peer-$i.tsv"
done
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); $t threads, $n launches each"
$py "$root/nabla-bench/peers/interleaved_table.py" "$out" "$n"
