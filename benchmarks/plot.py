#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# merit - plot time per candidate against roster size, merit and the peer
"""Plot time per candidate vs roster size from Google Benchmark JSON.

Usage: plot.py BENCH.json [-o OUT.png|OUT.svg]

BENCH.json is what `merit_bench --benchmark_out=BENCH.json --benchmark_out_format=json`
writes. One panel per stage (Load, Eval, EndToEnd), CPU nanoseconds per candidate on
the y axis, roster rows on a logarithmic x axis, merit and the peer as two lines (the
2-thread runs are left out: their wall time is not comparable with CPU time; the
summary that merit_bench prints gives the speed-up). Uses matplotlib when it is
importable; otherwise writes the SVG by hand (then OUT must end in .svg).
"""
import argparse
import json
import math
import sys
from collections import defaultdict

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
STAGES = ["Load", "Eval", "EndToEnd"]
SERIES = [("Peer", "peer", "#1f77b4"), ("Merit", "merit", "#d62728")]


def read(path):
    """{stage: {series: {rows: ns per candidate}}}, averaged over repetitions."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    sums = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for b in doc.get("benchmarks", []):
        if b.get("run_type", "iteration") != "iteration" or b.get("error_occurred"):
            continue
        parts = b["name"].split("/")
        if len(parts) < 2 or not parts[0].startswith("BM_"):
            continue
        bits = parts[0].split("_")
        if len(bits) != 3 or bits[1] not in STAGES:
            continue
        rows = int(parts[1])
        stage, series = bits[1], bits[2]
        sums[stage][series][rows].append(b["cpu_time"] * UNIT_NS[b.get("time_unit", "ns")] / rows)
    return {s: {k: {r: sum(v) / len(v) for r, v in d.items()} for k, d in ser.items()} for s, ser in sums.items()}


def plot_matplotlib(data, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    stages = [s for s in STAGES if s in data]
    fig, axes = plt.subplots(1, len(stages), figsize=(5 * len(stages), 4), squeeze=False)
    for ax, stage in zip(axes[0], stages):
        for key, label, colour in SERIES:
            pts = sorted(data[stage].get(key, {}).items())
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", label=label, color=colour)
        ax.set_xscale("log")
        ax.set_ylim(bottom=0)
        ax.set_title(stage)
        ax.set_xlabel("roster rows")
        ax.set_ylabel("ns per candidate")
        ax.grid(True, alpha=0.3)
        ax.legend()
    fig.suptitle("library.merit: time per candidate, merit and the hand-written peer")
    fig.tight_layout()
    fig.savefig(out)


def plot_svg(data, out):
    stages = [s for s in STAGES if s in data]
    pw, ph, m = 360, 260, 50
    w = pw * len(stages)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{ph + 30}" font-family="sans-serif" font-size="11">',
           f'<text x="{w / 2}" y="16" text-anchor="middle" font-size="13">library.merit: ns per candidate vs roster rows</text>']
    for i, stage in enumerate(stages):
        x0, y0 = i * pw + m, 30
        iw, ih = pw - m - 15, ph - m - 10
        pts_all = [p for key, _, _ in SERIES for p in data[stage].get(key, {}).items()]
        xs = [math.log10(r) for r, _ in pts_all]
        ymax = max(v for _, v in pts_all) * 1.1
        xmin, xmax = min(xs), max(xs)
        xmax = xmax if xmax > xmin else xmin + 1

        def px(r):
            return x0 + (math.log10(r) - xmin) / (xmax - xmin) * iw

        def py(v):
            return y0 + ih - v / ymax * ih

        svg.append(f'<rect x="{x0}" y="{y0}" width="{iw}" height="{ih}" fill="none" stroke="#888"/>')
        svg.append(f'<text x="{x0 + iw / 2}" y="{y0 + 12}" text-anchor="middle">{stage}</text>')
        for k in range(5):
            v = ymax * k / 4
            svg.append(f'<text x="{x0 - 4}" y="{py(v) + 4:.1f}" text-anchor="end">{v:.0f}</text>')
        for r in sorted({r for r, _ in pts_all}):
            svg.append(f'<text x="{px(r):.1f}" y="{y0 + ih + 14}" text-anchor="middle">10^{round(math.log10(r))}</text>')
        for j, (key, label, colour) in enumerate(SERIES):
            pts = sorted(data[stage].get(key, {}).items())
            if not pts:
                continue
            path = " ".join(f"{px(r):.1f},{py(v):.1f}" for r, v in pts)
            svg.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
            svg.append(f'<text x="{x0 + 8}" y="{y0 + 28 + 14 * j}" fill="{colour}">{label}</text>')
    svg.append("</svg>")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(svg) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json")
    ap.add_argument("-o", "--output", default="bench.png")
    a = ap.parse_args()
    data = read(a.json)
    if not data:
        sys.exit("no Load/Eval/EndToEnd benchmarks in " + a.json)
    try:
        import matplotlib  # noqa: F401
        have_mpl = True
    except ImportError:
        have_mpl = False
    if have_mpl:
        plot_matplotlib(data, a.output)
    else:
        if not a.output.endswith(".svg"):
            a.output = a.output.rsplit(".", 1)[0] + ".svg"
            print("matplotlib is not available; writing " + a.output, file=sys.stderr)
        plot_svg(data, a.output)
    print(a.output)


if __name__ == "__main__":
    main()
