#!/usr/bin/env bash
# Word2Vec quality over several runs: nabla with seeds 1..N and the reference word2vec C tool N times (it has no seed
# option; its two Hogwild threads make each run differ), the same corpus and settings as embed-side-by-side.sh, each
# run's analogy accuracy and WordSim-353 Spearman, and their means and standard deviations. On a corpus where few
# WordSim-353 pairs are covered (60 on the Javadoc) one run's ρ moves by ±0.04 with the seed, so one run per tool
# cannot judge a 2-point bar.
# Usage: nabla-bench/embed-seeds.sh corpus.txt mode [runs]       (mode: sg-ns, cbow-ns or sg-hs; runs default 5)
# The peer as in embed-side-by-side.sh (word2vec-peer.sh): $WORD2VEC, else built under /tmp/nabla-word2vec. Set
# WORD2VEC to a word2vec.c changed to seed its generators from $SEED for the reference's spread over seeds.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
[ $# -ge 2 ] || { echo "usage: $0 corpus.txt sg-ns|cbow-ns|sg-hs [runs]" >&2; exit 2; }
corpus=$1 mode=$2 runs=${3:-5}
threads="${THREADS:-2}"
OUT="${OUT:-/tmp/nabla-embed-seeds}"
mkdir -p "$OUT"
[ -f "$corpus" ] || { echo "corpus not found: $corpus" >&2; exit 1; }
. "$root/nabla-bench/build.sh"
. "$root/nabla-bench/word2vec-peer.sh"
word2vec_flags "$mode"
java=("$JAVA_HOME/bin/java" $(nabla_jvm_flags) -cp "$cp")
quality() { "${java[@]}" dev.nabla.bench.EmbedEval "$1" 2> /dev/null; }
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); corpus $corpus; $mode; $threads threads"
: > "$OUT/quality.tsv"
for i in $(seq 1 "$runs"); do
  SEED=$i "${java[@]}" dev.nabla.bench.EmbedTrain "$corpus" "$mode" "$threads" "$OUT/nabla.vec" > /dev/null 2>&1
  printf 'nabla\tseed %s\t%s\n' "$i" "$(quality "$OUT/nabla.vec")" | tee -a "$OUT/quality.tsv"
  SEED=$i "$peer" -train "$corpus" -output "$OUT/word2vec.vec" "${flags[@]}" -size 100 -window 5 -sample 1e-3 \
    -threads "$threads" -iter 5 -min-count 5 -binary 0 > /dev/null 2>&1
  printf 'word2vec\trun %s\t%s\n' "$i" "$(quality "$OUT/word2vec.vec")" | tee -a "$OUT/quality.tsv"
done
/usr/bin/python3 - "$OUT/quality.tsv" <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    tool, _, q = line.rstrip("\n").split("\t")
    m = re.search(r"analogy ([\d.]+)%.*WS-353 (-?[\d.]+)", q)
    if m: runs.setdefault(tool, []).append((float(m.group(1)), float(m.group(2))))
for tool, r in runs.items():
    a, w = [x[0] for x in r], [x[1] for x in r]
    sd = lambda v: statistics.stdev(v) if len(v) > 1 else 0.0
    print("%-9s %d runs: analogy mean %.2f%% (sd %.2f), WS-353 mean %.3f (sd %.3f)" % (tool, len(r), statistics.mean(a), sd(a), statistics.mean(w), sd(w)))
if len(runs) == 2:
    (n, nr), (p, pr) = runs.items()
    print("difference %s - %s: analogy %+.2f points, WS-353 %+.1f points" % (n, p, statistics.mean(x[0] for x in nr) - statistics.mean(x[0] for x in pr),
          100 * (statistics.mean(x[1] for x in nr) - statistics.mean(x[1] for x in pr))))
PY
