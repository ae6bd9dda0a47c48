# Sourced by the Word2Vec side-by-side scripts: sets $peer to the reference word2vec binary ($WORD2VEC, else built
# under /tmp/nabla-word2vec from $WORD2VEC_SRC, a word2vec.c, else from a clone of github.com/tmikolov/word2vec, with
# its makefile's flags), and defines word2vec_flags MODE, which sets the array flags to word2vec's options for
# sg-ns, cbow-ns or sg-hs.
peer="${WORD2VEC:-/tmp/nabla-word2vec/word2vec}"
if [ ! -x "$peer" ]; then
  mkdir -p /tmp/nabla-word2vec
  src="${WORD2VEC_SRC:-}"
  if [ -z "$src" ]; then
    [ -d /tmp/nabla-word2vec/src ] || git clone -q https://github.com/tmikolov/word2vec.git /tmp/nabla-word2vec/src
    src=/tmp/nabla-word2vec/src/word2vec.c
  fi
  gcc "$src" -o "$peer" -lm -pthread -O3 -march=native -funroll-loops -Wno-unused-result
fi

word2vec_flags() {
  case "$1" in
    sg-ns) flags=(-cbow 0 -negative 5 -hs 0) ;;
    cbow-ns) flags=(-cbow 1 -negative 5 -hs 0) ;;
    sg-hs) flags=(-cbow 0 -negative 0 -hs 1) ;;
    *) echo "unknown mode $1 (sg-ns, cbow-ns, sg-hs)" >&2; exit 1 ;;
  esac
}
