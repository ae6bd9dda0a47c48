#!/usr/bin/env bash
# GloVe side by side: nabla and the reference GloVe C tools (vocab_count, cooccur, shuffle, glove) on the same corpus
# with the same settings in one run: min-count 5, window $WINDOW (5, the issue's setting), dim 100, x_max $X_MAX (100),
# alpha 0.75, eta 0.05, $ITER iterations (15, GloVe's demo.sh), $THREADS threads (2), memory $MEMORY_MIB MiB (4096,
# demo.sh's -memory 4.0) for counting and shuffling, vectors W + W̃ (-model 2).
# Prints seconds for counting (vocabulary + co-occurrences) and for training (shuffle + iterations), both per wall
# second; nabla's phases are timed inside its one JVM (the whole process, JVM start-up included, is the last row).
# First checks that both tools counted the same vocabulary and the same co-occurrence pairs (GloveBench compares
# the reference's vocab.txt and cooccurrence.bin with nabla's counts), then evaluates both vector files: WS-353
# Spearman and questions-words accuracy (3CosAdd, top 30,000 words).
# Usage: nabla-bench/glove-side-by-side.sh [corpus.txt]     (default $DATA/brown.txt, DATA=../shared/data)
# The peer: $GLOVE_DIR/build/{vocab_count,cooccur,shuffle,glove}, else built under /tmp/nabla-glove from $GLOVE_SRC
# (a GloVe checkout) or a clone of github.com/stanfordnlp/GloVe, with its own Makefile.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
data="${DATA:-$root/../shared/data}"
corpus="${1:-$data/brown.txt}"
window="${WINDOW:-5}" threads="${THREADS:-2}" iter="${ITER:-15}" memory="${MEMORY_MIB:-4096}" xmax="${X_MAX:-100}"
OUT="${OUT:-/tmp/nabla-glove-bench}"
mkdir -p "$OUT"
for f in "$corpus" "$data/wordsim353.txt" "$data/questions-words.txt"; do [ -f "$f" ] || { echo "not found: $f (set DATA)" >&2; exit 1; }; done

. "$root/nabla-bench/build.sh"

peer="${GLOVE_DIR:-/tmp/nabla-glove/src}"
if [ ! -x "$peer/build/glove" ]; then
  if [ -n "${GLOVE_SRC:-}" ]; then peer="$GLOVE_SRC"
  else [ -d "$peer" ] || git clone -q https://github.com/stanfordnlp/GloVe.git "$peer"; fi
  make -s -C "$peer" >&2
fi
bin="$peer/build"

java=("$JAVA_HOME/bin/java" $(nabla_jvm_flags) -Xmx$((memory * 2 + 2048))m -cp "$cp")
timed() { /usr/bin/time -f "%e %U %S" -o "$OUT/time" "$@"; read -r wall user sys < "$OUT/time"; cpu=$(echo "$user + $sys" | bc); }
quiet() { grep -v '^WARNING: Using incubator' || true; }

# the reference, one tool at a time (cooccur and shuffle write their temporary files in the current directory)
cd "$OUT"
timed "$bin/vocab_count" -min-count 5 -verbose 0 < "$corpus" > vocab.txt 2> vocab.log; r_vocab=$wall r_vocab_cpu=$cpu
timed "$bin/cooccur" -memory "$((memory / 1024)).$((memory % 1024 * 10 / 1024))" -vocab-file vocab.txt -verbose 0 -window-size "$window" \
  < "$corpus" > cooccurrence.bin 2> cooccur.log; r_cooc=$wall r_cooc_cpu=$cpu
timed "$bin/shuffle" -memory "$((memory / 1024)).$((memory % 1024 * 10 / 1024))" -verbose 0 -seed 1 < cooccurrence.bin > cooccurrence.shuf.bin 2> shuffle.log
r_shuf=$wall r_shuf_cpu=$cpu
timed "$bin/glove" -save-file glove-vectors -threads "$threads" -input-file cooccurrence.shuf.bin -x-max "$xmax" -alpha 0.75 -eta 0.05 \
  -iter "$iter" -vector-size 100 -binary 0 -model 2 -vocab-file vocab.txt -verbose 2 -seed 1 2> glove.log; r_glove=$wall r_glove_cpu=$cpu
r_cost=$(sed -n 's/.*iter: 0*\([0-9]*\), cost: \([0-9.]*\).*/\2/p' glove.log | tail -1)

timed "${java[@]}" dev.nabla.bench.GloveBench train "$corpus" "$window" "$threads" "$iter" "$memory" "$xmax" nabla-vectors.txt vocab.txt cooccurrence.bin \
  > nabla.log 2> >(quiet > nabla.err); n_wall=$wall n_cpu=$cpu
check=$(grep '^counts check' nabla.log)
phase() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" nabla.log; }
n_prep=$(phase prepare_s) n_count=$(phase count_s) n_train=$(phase train_s)
n_cost=$(tr '\r' '\n' < nabla.err | sed -n 's/.*cost=\([0-9.]*\).*/\1/p' | tail -1)
r_eval=$("${java[@]}" dev.nabla.bench.GloveBench eval glove-vectors.txt "$data/wordsim353.txt" "$data/questions-words.txt" 2> >(quiet >&2))
n_eval=$("${java[@]}" dev.nabla.bench.GloveBench eval nabla-vectors.txt "$data/wordsim353.txt" "$data/questions-words.txt" 2> >(quiet >&2))
field() { echo "$1" | sed -n "s/.*$2=\([0-9.\/]*\).*/\1/p"; }
sum() { echo "$@" | tr ' ' '+' | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); $(date -u +%Y-%m-%d); corpus $corpus;" \
  "window $window, dim 100, x_max $xmax, $iter iterations, $threads threads, memory $memory MiB; $(sed -n 's/\(vocab=[0-9]* tokens=[0-9]* pairs=[0-9]*\).*/\1/p' nabla.log)"
echo "$check"
r_count=$(sum "$r_vocab" "$r_cooc") r_train=$(sum "$r_shuf" "$r_glove") n_counting=$(sum "$n_prep" "$n_count")
printf '| tool | counting s | training s | total s | CPU s | final cost | WS-353 ρ (pairs) | analogy (evaluated) |\n|---|---|---|---|---|---|---|---|\n'
printf '| GloVe C | %s (vocab %s + cooccur %s) | %s (shuffle %s + glove %s) | %s | %s | %s | %s (%s) | %s (%s) |\n' "$r_count" "$r_vocab" "$r_cooc" \
  "$r_train" "$r_shuf" "$r_glove" "$(sum "$r_count" "$r_train")" "$(sum "$r_vocab_cpu" "$r_cooc_cpu" "$r_shuf_cpu" "$r_glove_cpu")" "$r_cost" \
  "$(field "$r_eval" ws353_spearman)" "$(field "$r_eval" ws353_pairs)" "$(field "$r_eval" analogy)" "$(field "$r_eval" analogy_evaluated)"
printf '| nabla | %s (vocab+encode %s + count %s) | %s | %s (process %s) | %s | %s | %s (%s) | %s (%s) |\n' "$n_counting" "$n_prep" "$n_count" \
  "$n_train" "$(sum "$n_counting" "$n_train")" "$n_wall" "$n_cpu" "$n_cost" \
  "$(field "$n_eval" ws353_spearman)" "$(field "$n_eval" ws353_pairs)" "$(field "$n_eval" analogy)" "$(field "$n_eval" analogy_evaluated)"
printf '| speed-up | %s | %s | %s (process %s) | %s | | | |\n' "$(ratio "$r_count" "$n_counting")" "$(ratio "$r_train" "$n_train")" \
  "$(ratio "$(sum "$r_count" "$r_train")" "$(sum "$n_counting" "$n_train")")" "$(ratio "$(sum "$r_count" "$r_train")" "$n_wall")" \
  "$(ratio "$(sum "$r_vocab_cpu" "$r_cooc_cpu" "$r_shuf_cpu" "$r_glove_cpu")" "$n_cpu")"
echo "vectors: $OUT/glove-vectors.txt, $OUT/nabla-vectors.txt (GloVe text format); speed-up = GloVe C / nabla (above 1: nabla is faster)"
