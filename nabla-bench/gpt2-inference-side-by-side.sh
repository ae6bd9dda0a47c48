#!/usr/bin/env bash
# GPT-2 small (124M, random weights, batch 1) inference, nabla beside PyTorch in one run, 1 and 2 threads: prefill of
# a 128-token prompt into the key/value cache, then 128 greedy tokens decoded one at a time. Prints tokens/s of each
# phase for both and the ratio (above 1: nabla is faster). Decoding reads every weight once per token, so it is bound
# by memory bandwidth: the machine's read bandwidth is measured first (dev.nabla.bench.Bandwidth, a vectorised sum
# over 1 GiB) and each decode figure is also given as the fraction of it that its weight reads reach.
# Usage: nabla-bench/gpt2-inference-side-by-side.sh [PROMPT] [DECODE] [ROUNDS]   (default 128 128 3)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
prompt="${1:-128}" decode="${2:-128}" rounds="${3:-3}"
. "$root/nabla-bench/build.sh"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); $(date -u +%Y-%m-%d)"
declare -A bw
while read -r t gbs; do bw[$t]=$gbs; done < <("$JAVA_HOME/bin/java" $(nabla_jvm_flags) -Xmx2g -cp "$cp" \
  dev.nabla.bench.Bandwidth 1024 8 1 2 2> >(grep -v '^WARNING: Using incubator' >&2))
echo "memory read bandwidth: ${bw[1]} GB/s (1 thread), ${bw[2]} GB/s (2 threads)"
echo "| threads | nabla prefill tok/s | torch prefill tok/s | ratio | nabla decode tok/s | torch decode tok/s | ratio | nabla / torch decode bandwidth use |"
echo "|---|---|---|---|---|---|---|---|"
for t in 1 2; do
  read -r _ np nd bytes < <(NABLA_THREADS=$t "$JAVA_HOME/bin/java" $(nabla_jvm_flags) -Xmx4g -cp "$cp" \
    dev.nabla.bench.Gpt2InferenceBench "$prompt" "$decode" "$rounds" 2> >(grep -v '^WARNING: Using incubator' >&2))
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    read -r _ tp td < <(OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$root/nabla-bench/peers/torch_gpt2.py" "$t" "$prompt" "$decode" "$rounds")
  else
    echo "peer skipped: python3-torch is not installed" >&2; tp=nan td=nan
  fi
  awk -v t="$t" -v np="$np" -v tp="$tp" -v nd="$nd" -v td="$td" -v b="$bytes" -v bw="${bw[$t]}" \
    'BEGIN { printf "| %s | %s | %s | %.2f | %s | %s | %.2f | %.0f%% / %.0f%% |\n", t, np, tp, np / tp, nd, td, nd / td, 100 * nd * b / (bw * 1e9), 100 * td * b / (bw * 1e9) }'
done
