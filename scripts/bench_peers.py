"""Throughput side by side: Python peers and `tidings bench`, same pages, one core.

Run through scripts/bench_peers.sh, which builds the peers' venv. The pages
are read into memory once (every file of the directories given, `.gz`
decompressed, as `tidings bench` reads them). Then `--repeat` rounds: in
each, every resiliparse job runs once over all the pages right before the
matching `tidings bench` run, so the two share the moment's load from other
tenants (on a shared machine that moves either figure by 1.5x from one
minute to the next). Each job's pages/s is the median over the rounds, and
tidings' ratio is the median of the rounds' ratios:

- trafilatura: `trafilatura.extract` (its defaults; main text only);
- rs-trafilatura: `rs_trafilatura.extract_bytes(page).main_content` (its
  defaults; the Rust port with a page-type classifier);
- resiliparse: `extract_plain_text(main_content=True)` after
  `HTMLTree.parse_from_bytes` with the encoding `detect_encoding` gives;
- "+ lingua": the same, then lingua (all languages, models preloaded,
  default high-accuracy mode) on the extracted text, as a document language;
- tidings: `tidings bench PAGES --threads 1 --repeat N --json` with
  `--stages clean` and `--stages clean,lang` (reading, like the peers', is
  outside its timings; `lang` also detects each paragraph).

`--peers` keeps some of them (`--peers resiliparse`: the paired rounds
alone). Prints one Markdown table with each job's pages/s and tidings' ratio to it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def read_pages(dirs: list[str]) -> list[bytes]:
    files: list[Path] = []
    for d in dirs:
        p = Path(d)
        if p.is_file():
            files.append(p)
        else:
            # Every file, as `tidings bench` reads a directory (trafilatura's
            # set has a page without an extension).
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")))
    pages = []
    for f in files:
        data = f.read_bytes()
        if f.name.endswith(".gz"):
            data = gzip.decompress(data)
        pages.append(data)
    return pages


def rate(pages: list[bytes], job, repeat: int) -> float:
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            job(page)
        rates.append(len(pages) / (time.perf_counter() - start))
    return statistics.median(rates)


PEERS = ("resiliparse", "lingua", "rs-trafilatura", "trafilatura")


def paired(pages: list[bytes], dirs: list[str], bin_path: str, repeat: int,
           peers: tuple[str, ...] = PEERS):
    """Per job: (peer pages/s, tidings pages/s, median of per-round ratios).
    `peers` leaves out the others (and their imports): `lingua` adds the
    "+ lingua" jobs to resiliparse and trafilatura."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import detect_encoding
    from resiliparse.parse.html import HTMLTree

    lingua = None
    if "lingua" in peers:
        from lingua import LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()
    # trafilatura and resiliparse take str; decoding is part of the job for
    # resiliparse (its own encoding detection), UTF-8 for trafilatura.
    texts = [p.decode("utf-8", errors="replace") for p in pages]

    def resi(page: bytes) -> str:
        tree = HTMLTree.parse_from_bytes(page, detect_encoding(page))
        return extract_plain_text(tree, main_content=True)

    jobs = {"resiliparse": (resi, "clean")}
    if lingua is not None:
        jobs["resiliparse + lingua"] = (lambda p: lingua.detect_language_of(resi(p)), "clean,lang")
    rounds: dict[str, list[tuple[float, float]]] = {name: [] for name in jobs}
    ours: dict[str, list[float]] = {"clean": [], "clean,lang": []}
    for _ in range(repeat):
        for name, (job, stages) in jobs.items():
            peer = rate(pages, job, 1)
            mine = tidings(bin_path, dirs, stages, 1, len(pages))
            rounds[name].append((peer, mine))
            ours[stages].append(mine)
    out = {}
    for name, pairs in rounds.items():
        out[name] = (
            statistics.median(p for p, _ in pairs),
            statistics.median(m for _, m in pairs),
            statistics.median(m / p for p, m in pairs),
        )
    # trafilatura and rs-trafilatura are five to ten times slower: one run is
    # enough to rank them, against tidings' median over the rounds.
    slow = []
    if "rs-trafilatura" in peers:
        import rs_trafilatura

        def rs_traf(page: bytes) -> str:
            return rs_trafilatura.extract_bytes(page).main_content or ""

        slow.append(("rs-trafilatura", rs_traf, pages, "clean"))
    if "trafilatura" in peers:
        import trafilatura

        def traf(text: str) -> str:
            return trafilatura.extract(text) or ""

        slow.append(("trafilatura", traf, texts, "clean"))
        if lingua is not None:
            slow.append(("trafilatura + lingua", lambda t: lingua.detect_language_of(traf(t)),
                         texts, "clean,lang"))
    t_repeat = max(1, repeat // 3)
    for name, job, inputs, stages in slow:
        peer = rate(inputs, job, t_repeat)
        mine = statistics.median(ours[stages])
        out[name] = (peer, mine, mine / peer)
    return out


def tidings(bin_path: str, dirs: list[str], stages: str, repeat: int, pages: int) -> float:
    """pages/s of `tidings bench`, which must read as many pages as the peers."""
    cmd = [bin_path, "bench", *dirs, "--stages", stages, "--threads", "1", "--repeat", str(repeat), "--json"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    report = json.loads(out)
    n = report["documents"]
    if n != pages:
        raise SystemExit(f"tidings read {n} documents, the peers {pages}")
    return report["runs"][0]["docs_per_sec"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pages", nargs="+", help="directories (or files) of HTML pages, .gz or not")
    ap.add_argument("--tidings", default=os.environ.get("TIDINGS_BIN", "target/release/tidings"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--peers", default=",".join(PEERS),
                    help=f"comma-separated, of {', '.join(PEERS)} (default: all); resiliparse always runs")
    args = ap.parse_args()
    peers = tuple(p.strip() for p in args.peers.split(",") if p.strip())
    unknown = [p for p in peers if p not in PEERS]
    if unknown:
        ap.error(f"unknown peers {unknown}; known: {', '.join(PEERS)}")

    pages = read_pages(args.pages)
    if not pages:
        print("no pages found", file=sys.stderr)
        return 1
    mb = sum(len(p) for p in pages) / 1e6
    figures = paired(pages, args.pages, args.tidings, args.repeat, peers)
    if args.json:
        print(json.dumps({"pages": len(pages), "mb": mb, "rounds": args.repeat,
                          "jobs": {name: {"peer": p, "tidings": m, "ratio": r}
                                   for name, (p, m, r) in figures.items()}}, indent=2))
        return 0
    print(f"{len(pages)} pages, {mb:.1f} MB, one core, {args.repeat} paired rounds "
          f"(trafilatura, rs-trafilatura: {max(1, args.repeat // 3)} run against tidings' median)\n")
    print("| job | peer pages/s | tidings pages/s | tidings / peer (median of rounds) |")
    print("|---|---|---|---|")
    for name, (peer, ours, ratio) in figures.items():
        stages = "clean,lang" if "lingua" in name else "clean"
        print(f"| {name} vs `--stages {stages}` | {peer:.0f} | {ours:.0f} | {ratio:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
