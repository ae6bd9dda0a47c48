"""Joins nabla's and the peers' timings (files written by side-by-side.sh) into one markdown table with ratios."""
import sys


def read(path):
    rows, notes = {}, []
    for line in open(path):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            notes.append(line)
            continue
        f = line.split("\t")
        peer = f[4] if len(f) > 4 else "nabla"
        rows.setdefault(f[0], {})[peer] = (float(f[1]), float(f[2]), f[3])
    return rows, notes


def rate(sec, work, unit):
    if unit == "flop":
        return "%.1f GFLOPS" % (work / sec / 1e9)
    if unit == "elem":
        return "%.2f ms" % (sec * 1e3)
    return "%.2f ms" % (sec * 1e3)


def main():
    print("| threads | workload | nabla | peer | peer figure | nabla / peer speed |")
    print("|---|---|---|---|---|---|")
    notes = []
    for arg in sys.argv[1:]:
        threads, nabla_file, peer_file = arg.split(":")
        nabla, nn = read(nabla_file)
        peers, pn = read(peer_file)
        for name, by in nabla.items():
            sec, work, unit = by["nabla"]
            for peer, (psec, _, _) in sorted(peers.get(name, {}).items()):
                print("| %s | %s | %s | %s | %s | %.2f |" % (threads, name, rate(sec, work, unit), peer, rate(psec, work, unit), psec / sec))
            if name not in peers:
                print("| %s | %s | %s | - | - | - |" % (threads, name, rate(sec, work, unit)))
        notes += nn + pn
    print()
    for n in notes:
        print(n)


main()
