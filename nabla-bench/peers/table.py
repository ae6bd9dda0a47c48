"""Joins nabla's timings (Vector API kernels and the scalar fallback) and the peers' (files written by side-by-side.sh)
into one markdown table with ratios."""
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
    print("| threads | workload | nabla | peer | peer figure | nabla / peer speed | nabla scalar | scalar / peer |")
    print("|---|---|---|---|---|---|---|---|")
    notes = []
    for arg in sys.argv[1:]:
        threads, nabla_file, scalar_file, peer_file = arg.split(":")
        nabla, nn = read(nabla_file)
        scalar, sn = read(scalar_file)
        peers, pn = read(peer_file)
        for name, by in nabla.items():
            sec, work, unit = by["nabla"]
            ssec = scalar.get(name, {}).get("nabla", (None,))[0]
            scol = rate(ssec, work, unit) if ssec else "-"
            for peer, (psec, _, _) in sorted(peers.get(name, {}).items()):
                sratio = "%.2f" % (psec / ssec) if ssec else "-"
                print("| %s | %s | %s | %s | %s | %.2f | %s | %s |" % (threads, name, rate(sec, work, unit), peer,
                                                                   rate(psec, work, unit), psec / sec, scol, sratio))
            if name not in peers:
                print("| %s | %s | %s | - | - | - | %s | - |" % (threads, name, rate(sec, work, unit), scol))
        notes += nn + sn + pn
    print()
    for n in notes:
        print(n)


main()
