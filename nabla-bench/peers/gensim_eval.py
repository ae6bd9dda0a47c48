#!/usr/bin/python3
"""gensim's evaluation of a word-vector file: the reference for nabla's AnalogyEval and WordSimilarityEval.

usage: gensim_eval.py VECTORS [--binary] [--questions FILE] [--pairs FILE] [--restrict 30000]

Prints the analogy accuracy per section for 3CosAdd (gensim's evaluate_word_analogies) and 3CosMul, then the
word-pair correlations (evaluate_word_pairs). gensim 4.2's evaluate_word_analogies always answers with 3CosAdd and
its most_similar_cosmul ignores restrict_vocab, so 3CosMul runs gensim's own loop over a copy of the first
`restrict` vectors: the answers come from the restricted words, as for 3CosAdd. Debian: apt install python3-gensim.
"""
import argparse
import time

from gensim.models import KeyedVectors

DATA = '../shared/data/'
p = argparse.ArgumentParser()
p.add_argument('vectors')
p.add_argument('--binary', action='store_true')
p.add_argument('--questions', default=DATA + 'questions-words.txt')
p.add_argument('--pairs', default=DATA + 'wordsim353.txt')
p.add_argument('--restrict', type=int, default=30000)
a = p.parse_args()

full = KeyedVectors.load_word2vec_format(a.vectors, binary=a.binary)


def report(name, seconds, sections):
    print('%s (%.2f s)' % (name, seconds))
    for s, c, n in sections:
        print('  %s %d/%d' % (s, c, n))
    c, n = sum(s[1] for s in sections), sum(s[2] for s in sections)
    print('  total %d/%d = %.2f%%' % (c, n, 100.0 * c / max(n, 1)))


t = time.time()
_, secs = full.evaluate_word_analogies(a.questions, restrict_vocab=a.restrict)
report('3CosAdd', time.time() - t, [(s['section'], len(s['correct']), len(s['correct']) + len(s['incorrect'])) for s in secs[:-1]])

n = min(a.restrict, len(full))
kv = KeyedVectors(full.vector_size)
kv.add_vectors(full.index_to_key[:n], full.vectors[:n])
ok_vocab = {k.upper(): kv.get_index(k) for k in reversed(kv.index_to_key)}
sections = []
t = time.time()
for line in open(a.questions, encoding='utf8'):
    if line.startswith(': '):
        sections.append([line[2:].strip(), 0, 0])
        continue
    words = [w.upper() for w in line.split()]
    if len(words) != 4 or any(w not in ok_vocab for w in words):
        continue
    qa, qb, qc, expected = words
    original, kv.key_to_index = kv.key_to_index, ok_vocab  # as evaluate_word_analogies does
    sims = kv.most_similar_cosmul(positive=[qb, qc], negative=[qa], topn=5)
    kv.key_to_index = original
    predicted = None
    for word, _ in sims:
        predicted = word.upper()
        if predicted not in {qa, qb, qc}:
            break
    sections[-1][2] += 1
    sections[-1][1] += predicted == expected
report('3CosMul', time.time() - t, sections)

pearson, spearman, oov = full.evaluate_word_pairs(a.pairs)
print('word pairs: Spearman %.4f, Pearson %.4f, %.1f%% of pairs skipped' % (spearman[0], pearson[0], oov))
