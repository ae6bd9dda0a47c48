#!/usr/bin/env bash
# FastText side by side: nabla and the reference fastText (Debian's `fasttext` package, `apt-get install fasttext`)
# train skip-gram (or CBOW) on the same corpus with the same settings in one run: dim 100, ws 5, neg 5, minCount 5,
# epoch 5, minn 3, maxn 6, 2,000,000 buckets, t 1e-4, lr 0.05, 2 threads. Prints seconds (wall and user + system
# CPU of the whole process: start-up, vocabulary, training, writing the vectors; fastText also writes its ~800 MB
# .bin) and words/s, the ratio nabla/fastText (above 1: nabla is faster), and the WS-353 Spearman of both .vec files
# (WordSimilarityEval: case-insensitive, gensim's restriction). Words = epochs × the corpus tokens of the
# minCount-5 vocabulary, the same count for both tools. fastText's own training rate (its last words/sec/thread ×
# threads, counted over its tokens, which include one </s> per line) is shown as a note. Last, unseen words' vectors
# from fastText's model are checked against the mean of its matrix rows at nabla's n-gram buckets (needs numpy).
# Usage: nabla-bench/fasttext-side-by-side.sh [corpus.txt] [sg|cbow ...]   (default ../shared/data/brown.txt, sg)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
corpus="${1:-$root/../shared/data/brown.txt}"
shift || true
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(sg)
threads="${THREADS:-2}"
wordsim="${WORDSIM:-$root/../shared/data/wordsim353.txt}"
OUT="${OUT:-/tmp/nabla-fasttext-bench}"
peer="${FASTTEXT:-$(command -v fasttext || true)}"
mkdir -p "$OUT"
[ -f "$corpus" ] || { echo "corpus not found: $corpus" >&2; exit 1; }
[ -n "$peer" ] && [ -x "$peer" ] || { echo "fasttext not found: apt-get install fasttext, or set FASTTEXT" >&2; exit 1; }

. "$root/nabla-bench/build.sh"

java=("$JAVA_HOME/bin/java" $(nabla_jvm_flags) -Xmx4g -cp "$cp" dev.nabla.bench.FastTextTrain)
timed() { /usr/bin/time -f "%e %U %S" -o "$OUT/time" "$@"; read -r wall user sys < "$OUT/time"; cpu=$(echo "$user + $sys" | bc); }
rate() { echo "scale=0; $1 / $2" | bc; }
ws353() { if [ -f "$wordsim" ]; then "${java[@]}" eval "$1" "$wordsim" 2>/dev/null | sed -n 's/^Spearman \([0-9.-]*\),.*/\1/p'; else echo "n/a"; fi; }

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); $(date -u +%Y-%m-%d); corpus $corpus; $threads threads; fasttext $(dpkg-query -W -f='${Version}' fasttext 2>/dev/null || echo "(version unknown)")"
printf '| mode | tool | wall s | CPU s | words/s | words/CPU-s | WS-353 | note |\n|---|---|---|---|---|---|---|---|\n'
for mode in "${modes[@]}"; do
  case "$mode" in
    sg) cmd=skipgram ;;
    cbow) cmd=cbow ;;
    *) echo "unknown mode $mode (sg, cbow)" >&2; exit 1 ;;
  esac
  timed "${java[@]}" train "$corpus" "$mode" "$threads" "$OUT/nabla-$mode.vec" > "$OUT/nabla-$mode.log" 2> >(grep -v '^WARNING: Using incubator' > "$OUT/nabla-$mode.err")
  words=$(sed -n 's/.* words=\([0-9]*\).*/\1/p' "$OUT/nabla-$mode.log")
  n_wall=$wall n_cpu=$cpu
  timed "$peer" "$cmd" -input "$corpus" -output "$OUT/fasttext-$mode" -dim 100 -ws 5 -neg 5 -minCount 5 -epoch 5 \
    -minn 3 -maxn 6 -bucket 2000000 -t 1e-4 -lr 0.05 -thread "$threads" > "$OUT/fasttext-$mode.log" 2>&1
  per_thread=$(tr '\r' '\n' < "$OUT/fasttext-$mode.log" | sed -n 's/.*words\/sec\/thread: *\([0-9]*\).*/\1/p' | tail -1)
  printf '| %s | nabla | %s | %s | %s | %s | %s | %s |\n' "$mode" "$n_wall" "$n_cpu" "$(rate "$words" "$n_wall")" \
    "$(rate "$words" "$n_cpu")" "$(ws353 "$OUT/nabla-$mode.vec")" "$(sed 's/^[^ ]* //' "$OUT/nabla-$mode.log")"
  printf '| %s | fastText | %s | %s | %s | %s | %s | training %s words/s by its own count |\n' "$mode" "$wall" "$cpu" \
    "$(rate "$words" "$wall")" "$(rate "$words" "$cpu")" "$(ws353 "$OUT/fasttext-$mode.vec")" "$(( ${per_thread:-0} * threads ))"
  printf '| %s | ratio | | | %s | %s | | nabla / fastText |\n' "$mode" "$(echo "scale=2; $wall / $n_wall" | bc)" "$(echo "scale=2; $cpu / $n_cpu" | bc)"
done
echo "vectors: $OUT/{nabla,fasttext}-MODE.vec"

# n-gram hashing against fastText itself: unseen words' vectors from fastText's model = means of nabla's bucket rows.
model="$(ls "$OUT"/fasttext-*.bin 2>/dev/null | head -1)"
if [ -n "$model" ] && python3 -c 'import numpy' 2>/dev/null; then
  words=(runnning café 日本語 xqzjv naïveté qz zzzzzzzzzzzzzz Ωmega)
  "${java[@]}" buckets "${words[@]}" 2>/dev/null > "$OUT/buckets.txt"
  printf '%s\n' "${words[@]}" | "$peer" print-word-vectors "$model" > "$OUT/oov.vec"
  echo "unseen words, fastText's vector vs the mean of nabla's n-gram buckets in its matrix ($model):"
  python3 "$root/nabla-bench/peers/fasttext_oov_check.py" "$model" "$OUT/buckets.txt" "$OUT/oov.vec"
fi
