"""Fuzz marsad's input paths with generated inputs: 100,000 by default over the fast paths (decoding,
HTML pages, raw text, feeds, WARC, the file readers, KB files, normalisation/sentences/tokens) and a
smaller number through the whole default pipeline (contract-checked, MARSAD_DOC_TIMEOUT enforced).

    python benchmarks/fuzz.py                       # 100k fast inputs + 500 through the pipeline
    python benchmarks/fuzz.py --count 10000 --pipeline 100 --jobs 2

Each input is made from its own seed (``tests/fuzz/gen.py``), so any finding is reproduced with
``--only TARGET --seed SEED --count 1``. Every input runs under a hang limit (``--hang``, SIGALRM);
an input past it counts as a hang. Prints the inputs run, the findings (crashes, broken invariants,
hangs; should be 0), and the slowest input. Writes nothing into the repository (temporary files only).
"""

from __future__ import annotations

import argparse
import collections
import io
import multiprocessing
import os
import random
import signal
import sys
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzz import gen, targets


class Hang(BaseException):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang


def _chunk(job: tuple[str, int, int, float, float]) -> dict[str, Any]:
    """Run ``target`` over seeds [start, stop); counts, findings (first seed of each) and the slowest."""
    target, start, stop, hang, budget = job
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGALRM, _alarm)
    findings: dict[str, list[Any]] = {}
    slowest = (0.0, target, start, 0)
    settings = targets.Settings(dedup=False, doc_timeout=budget)
    real_stderr = sys.stderr
    for seed in range(start, stop):
        data = gen.GENERATORS[target](random.Random(f"{target}:{seed}"))
        sys.stderr = io.StringIO()  # warcio prints a warning per odd record
        began = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, hang)
        try:
            if target == "pipeline":
                try:
                    targets.pipeline(data, settings=settings)
                    found = None
                except targets.MarsadError:
                    found = None
                except Exception as exc:
                    found = f"{type(exc).__name__}: {str(exc)[:300]}"
            else:
                found = targets.run_target(target, data)
        except Hang:
            found = f"hang: more than {hang:g} s"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            sys.stderr = real_stderr
        took = time.perf_counter() - began
        if took > slowest[0]:
            slowest = (took, target, seed, len(data))
        if found:
            key = f"{target}: {found}"
            findings.setdefault(key, [0, seed])[0] += 1
    return {"target": target, "n": stop - start, "findings": findings, "slowest": slowest}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000, help="fast-path inputs in all (split over the targets)")
    parser.add_argument("--pipeline", type=int, default=500, help="inputs through the whole pipeline")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--only", choices=sorted(targets.ALL), help="one target only")
    parser.add_argument("--hang", type=float, default=60.0, help="seconds after which an input counts as a hang")
    parser.add_argument("--budget", type=float, default=20.0, help="MARSAD_DOC_TIMEOUT for the pipeline inputs")
    args = parser.parse_args()

    plan: dict[str, int] = {}
    fast = [args.only] if args.only and args.only != "pipeline" else ([] if args.only else list(targets.FAST))
    for i, name in enumerate(fast):
        plan[name] = args.count // len(fast) + (1 if i < args.count % len(fast) else 0)
    if args.only in (None, "pipeline"):
        plan["pipeline"] = args.pipeline if args.only is None else args.count
    jobs = []
    for name, n in plan.items():
        step = max(1, min(500, n // max(1, args.jobs * 4) or 1)) if name != "pipeline" else 20
        jobs += [(name, s, min(s + step, args.seed + n), args.hang, args.budget)
                 for s in range(args.seed, args.seed + n, step)]
    random.Random(0).shuffle(jobs)
    warnings.simplefilter("ignore")
    for name in plan:  # load the models once, before the workers fork, so no input is timed with them
        _chunk((name, -1, 0, args.hang, args.budget))
        targets.run_target(name, "بيروت - قال وزير الداخلية إن قوى الأمن اعتقلت خمسة أشخاص في طرابلس.".encode())
    started = time.perf_counter()
    done: collections.Counter[str] = collections.Counter()
    findings: dict[str, list[Any]] = {}
    slowest = (0.0, "", 0, 0)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(args.jobs, maxtasksperchild=20) as pool:
        for result in pool.imap_unordered(_chunk, jobs):
            done[result["target"]] += result["n"]
            for key, (n, seed) in result["findings"].items():
                entry = findings.setdefault(key, [0, seed])
                entry[0] += n
            slowest = max(slowest, tuple(result["slowest"]))  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    total = sum(done.values())
    print(f"inputs: {total:,} in {seconds:,.0f} s ({total / seconds:,.0f}/s, {args.jobs} job(s))")
    for name in plan:
        print(f"  {name:9} {done[name]:>8,}")
    print(f"findings: {sum(n for n, _ in findings.values())} ({len(findings)} distinct)")
    for key, (n, seed) in sorted(findings.items()):
        print(f"  {n:>6} x {key}  [first: --only {key.split(':')[0]} --seed {seed} --count 1]")
    took, target, seed, size = slowest
    print(f"slowest input: {took:.2f} s, {target} seed {seed} ({size:,} bytes)")
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
