"""Table of interleaved.sh: per workload, each launch's nabla and torch seconds, and the medians (files nabla-I.tsv
and peer-I.tsv in DIR, I = 1..N). Ratios are torch's time over nabla's: above 1, nabla is faster."""
import statistics
import sys


def read(path, peer):
    rows = {}
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(f) < 4:
            continue
        if (f[4] if len(f) > 4 else "nabla") == peer:
            rows[f[0]] = float(f[1])
    return rows


def main():
    folder, n = sys.argv[1], int(sys.argv[2])
    nabla = [read(f"{folder}/nabla-{i}.tsv", "nabla") for i in range(1, n + 1)]
    torch = [read(f"{folder}/peer-{i}.tsv", "torch") for i in range(1, n + 1)]
    print("| workload | nabla ms per launch | torch ms per launch | median nabla ms | median torch ms | ratio of medians | median of ratios | launches nabla ≥ torch |")
    print("|---|---|---|---|---|---|---|---|")
    for name in nabla[0]:
        a = [r[name] * 1e3 for r in nabla if name in r]
        b = [r[name] * 1e3 for r in torch if name in r]
        if len(a) != len(b) or not a:
            continue
        ratios = [y / x for x, y in zip(a, b)]
        wins = sum(r >= 1 for r in ratios)
        print("| %s | %s | %s | %.3g | %.3g | %.2f | %.2f | %d of %d |" % (
            name, ", ".join("%.3g" % x for x in a), ", ".join("%.3g" % y for y in b),
            statistics.median(a), statistics.median(b), statistics.median(b) / statistics.median(a),
            statistics.median(ratios), wins, len(a)))


main()
