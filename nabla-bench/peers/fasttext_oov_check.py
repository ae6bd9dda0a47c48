"""Checks nabla's n-gram buckets against fastText itself: for words outside the vocabulary, the vector fastText prints
(print-word-vectors) must be the mean of the input-matrix rows nwords + bucket, buckets as nabla's Subwords computes
them. Reads the input matrix from fastText's .bin (format of fastText 0.9: args, dictionary, matrix).
Usage: fasttext_oov_check.py model.bin buckets.txt oov.vec   (buckets.txt: lines 'word b1 b2 ...'; oov.vec: fastText's)
Prints the largest difference per word; exits 1 when one is above 1e-4 (fastText prints 5 significant digits)."""
import struct
import sys

import numpy as np


def input_matrix(path):
    with open(path, 'rb') as f:
        f.read(8)  # magic, version
        dim, bucket = struct.unpack('<12i', f.read(48))[0::8][:2]  # dim, ws, ..., bucket is the 9th int
        f.read(8)  # t
        size, nwords, _ = struct.unpack('<3i', f.read(12))
        _, pruneidx_size = struct.unpack('<2q', f.read(16))
        for _ in range(size):  # word\0, count int64, type int8
            while f.read(1) != b'\0':
                pass
            f.read(9)
        f.read(16 * max(pruneidx_size, 0))
        f.read(1)  # quantised?
        m, n = struct.unpack('<2q', f.read(16))
        assert n == dim and m == nwords + bucket, f'unexpected matrix {m}x{n} for {nwords} words + {bucket} buckets'
        return nwords, np.frombuffer(f.read(4 * m * n), dtype=np.float32).reshape(m, n)


def main(model, buckets, vectors):
    nwords, matrix = input_matrix(model)
    printed = {}
    for line in open(vectors, encoding='utf-8'):
        parts = line.rstrip('\n').split(' ')
        printed[parts[0]] = np.array([float(x) for x in parts[1:] if x], dtype=np.float32)
    worst = 0.0
    for line in open(buckets, encoding='utf-8'):
        word, *ids = line.split()
        diff = float(np.abs(matrix[[nwords + int(b) for b in ids]].mean(axis=0) - printed[word]).max())
        worst = max(worst, diff)
        print(f'{word}: {len(ids)} n-grams, max |fastText - mean of nabla buckets| {diff:.2e}')
    sys.exit(0 if worst < 1e-4 else 1)


if __name__ == '__main__':
    main(*sys.argv[1:4])
