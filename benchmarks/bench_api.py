"""HTTP API under load: throughput, latency percentiles and errors of the read routes.

Run: .venv/bin/python benchmarks/bench_api.py [--clients 200] [--duration 20] [--workers 1]
         [--generator auto|wrk|httpx] [--loaders N] [--db PATH] [--json]

1. A store: ``--db PATH`` when it already holds documents, else a new SQLite file filled by
   analysing every article of ../shared/data/articles/saudinewsnet_security_dev.jsonl (kept at
   PATH when given, so that a second run starts at once; analysing takes minutes).
2. The server: ``marsad serve --no-access-log`` in its own process on a free loopback port,
   with the settings of the environment (``MARSAD_API_CACHE_SECONDS=0`` measures the store
   without the API's cache).
3. Requests cycle through a fixed mix of read routes built from what the store holds: document
   lists and pages, search (with facets), entity lists and pages, quotes, events, GeoJSON,
   clusters, stats. Each distinct request is sent once first (a server in steady state; the
   first-answer cost shows in the "primed" line).
4. The load, from other processes: ``wrk`` when installed (``apt-get install wrk``; C, epoll,
   ``--loaders`` threads) with ``--clients`` connections, else ``--loaders`` processes of
   asyncio + httpx clients (one keep-alive connection each; per-route figures, but the Python
   generator itself is slow). Closed loop: each client sends its next request as soon as the
   last is answered, for ``--duration`` seconds after a 2-second warm-up that is not counted.

Reports requests per second, p50/p95/p99/max latency, errors (HTTP >= 400 and failed
connections) and the server's CPU time per request, which does not depend on what else the
machine is doing (latency does). The goal (issue 8): p99 < 200 ms and no errors with 200
clients. Skips with a message when ../shared/data is absent and no ``--db`` is given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx

ARTICLES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "articles" / (
    "saudinewsnet_security_dev.jsonl")
WARMUP_S = 2.0


def build_store(path: Path) -> int:
    """Fill the store at ``path`` from the shared articles unless it already holds documents."""
    from marsad.api import analyze_paths
    from marsad.document import Document
    from marsad.store import open_store

    with open_store(path) as store:
        have = store.stats()["documents"]
        if have:
            print(f"store: {path} ({have} documents, reused)")
            return have
        if not ARTICLES.is_file():
            print(f"skipped: {ARTICLES} is absent (development data beside the repo); give --db", file=sys.stderr)
            raise SystemExit(0)
        started = time.perf_counter()
        docs = [d for d in analyze_paths([str(ARTICLES)]) if isinstance(d, Document)]
        store.save_many(docs)
        count = store.stats()["documents"]
        print(f"store: {path} ({count} documents analysed and stored in {time.perf_counter() - started:.0f} s)")
        return count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "marsad", "serve", "--db", str(db), "--port", str(port), "--no-access-log",
               "--workers", str(workers)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stderr.read().decode() if server.stderr else ''}")
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not answer within 60 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants (Linux /proc), in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def request_mix(base: str) -> list[tuple[str, str]]:
    """(route label, path) pairs: every read route, with ids and words the store really has."""
    with httpx.Client(base_url=base, timeout=30) as http:
        docs = http.get("/api/documents", params={"limit": 20}).json()["data"]
        entities = http.get("/api/entities", params={"limit": 20}).json()["data"]
    words = ["اليمن", "الحوثيين", "داعش", "سوريا", "هجوم", "الرياض", "بالعراق", "الأمن"]
    mix: list[tuple[str, str]] = []
    for i in range(20):
        doc = docs[i % len(docs)]["id"]
        kb_id = quote(entities[i % len(entities)]["kb_id"], safe="")
        word = words[i % len(words)]
        mix += [
            ("documents", "/api/documents?" + urlencode({"limit": 20, "offset": i % 3 * 20})),
            ("document", f"/api/documents/{doc}"),
            ("search", "/api/search?" + urlencode({"q": word})),
            ("entities", "/api/entities?" + urlencode({"limit": 20})),
            ("entity", f"/api/entities/{kb_id}"),
            ("quotes", "/api/quotes?" + urlencode({"limit": 20})),
            ("events", "/api/events?" + urlencode({"limit": 20, **({"event_type": "ASSAULT"} if i % 2 else {})})),
            ("geojson", "/api/events.geojson?" + urlencode({"limit": 100})),
            ("clusters", "/api/clusters?" + urlencode({"limit": 20})),
            ("stats", "/api/stats"),
        ]
    return mix


async def _load(base: str, mix: list[tuple[str, str]], clients: int, duration: float, offset: int) -> dict[str, Any]:
    samples: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    start = time.perf_counter()
    counting_from = start + WARMUP_S
    stop = counting_from + duration
    # One connection per client, each in its own httpx client: httpcore's shared pool costs
    # time in proportion to its size on every request, which would measure the generator. One
    # TLS context for all (plain HTTP here; httpx would build one per client otherwise).
    tls = ssl.create_default_context()

    async def client(number: int) -> None:
        i = offset + number * 7
        async with httpx.AsyncClient(base_url=base, limits=httpx.Limits(max_connections=1), timeout=30,
                                     verify=tls) as http:
            while True:
                label, path = mix[i % len(mix)]
                i += 1
                sent = time.perf_counter()
                if sent >= stop:
                    return
                try:
                    response = await http.get(path)
                    await response.aread()
                    ok = 200 <= response.status_code < 300
                    problem = None if ok else f"HTTP {response.status_code} {label}"
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__} {label}"
                done = time.perf_counter()
                if sent >= counting_from:
                    samples[label].append(done - sent)
                    if problem:
                        errors[problem] += 1

    await asyncio.gather(*(client(n) for n in range(clients)))
    return {"samples": dict(samples), "errors": dict(errors)}


def load_process(args: tuple[str, list[tuple[str, str]], int, float, int], queue: Any) -> None:
    """One load generator (its own process and event loop); puts its samples on ``queue``."""
    base, mix, clients, duration, offset = args
    queue.put(asyncio.run(_load(base, mix, clients, duration, offset)))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


WRK_SCRIPT = """
local paths = {%s}
local i = 0
local first = true
setup = function(thread)
  thread:set("start", math.random(1, #paths))
end
request = function()
  if first then i = start; first = false end
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"p50_us\\": %%d, \\"p95_us\\": %%d, "
    .. "\\"p99_us\\": %%d, \\"max_us\\": %%d, \\"mean_us\\": %%f, \\"status_errors\\": %%d, "
    .. "\\"socket_errors\\": %%d}\\n", summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.max, latency.mean, e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def run_wrk(base: str, mix: list[tuple[str, str]], clients: int, duration: float, threads: int,
            workdir: Path) -> dict[str, Any]:
    """Load with wrk (C, epoll): ``threads`` threads, ``clients`` connections, closed loop."""
    script = workdir / "mix.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f'"{path}"' for _, path in mix), encoding="utf-8")
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{duration:.0f}s", "--timeout", "30s", "-s", str(script),
               base]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("WRK "))
    raw = json.loads(line[4:])
    ms = 1000.0
    return {"requests": raw["requests"], "elapsed_s": raw["duration_us"] / 1e6,
            "p50_ms": raw["p50_us"] / ms, "p95_ms": raw["p95_us"] / ms, "p99_ms": raw["p99_us"] / ms,
            "max_ms": raw["max_us"] / ms, "mean_ms": raw["mean_us"] / ms,
            "errors": raw["status_errors"] + raw["socket_errors"], "error_kinds": {
                "HTTP >= 400": raw["status_errors"], "socket (connect/read/write/timeout)": raw["socket_errors"]},
            "routes": {}}


def run_httpx(base: str, mix: list[tuple[str, str]], clients: int, duration: float, loaders: int,
              server_pid: int) -> dict[str, Any]:
    """Load with ``loaders`` processes of asyncio + httpx clients; per-route figures too."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    shares = [clients // loaders + (1 if n < clients % loaders else 0) for n in range(loaders)]
    processes = [context.Process(target=load_process, args=((base, mix, share, duration, n * 1000), queue))
                 for n, share in enumerate(shares)]
    for process in processes:
        process.start()
    results = [queue.get(timeout=duration + 120) for _ in processes]
    for process in processes:
        process.join()
    samples: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    for result in results:
        for label, values in result["samples"].items():
            samples[label].extend(values)
        errors.update(result["errors"])
    every = [v for values in samples.values() for v in values]
    ms = 1000.0
    return {"requests": len(every), "elapsed_s": duration,
            "p50_ms": percentile(every, 0.50) * ms, "p95_ms": percentile(every, 0.95) * ms,
            "p99_ms": percentile(every, 0.99) * ms, "max_ms": max(every) * ms if every else float("nan"),
            "mean_ms": statistics.fmean(every) * ms if every else float("nan"),
            "errors": sum(errors.values()), "error_kinds": dict(errors.most_common(10)),
            "routes": {label: {"requests": len(values), "p50_ms": round(percentile(values, 0.5) * ms, 1),
                               "p99_ms": round(percentile(values, 0.99) * ms, 1)}
                       for label, values in sorted(samples.items())}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds measured (after a 2 s warm-up)")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--generator", choices=["auto", "wrk", "httpx"], default="auto",
                        help="load generator: wrk when installed (auto), else asyncio + httpx")
    parser.add_argument("--loaders", type=int, default=None,
                        help="load-generator processes (httpx, default 1) or threads (wrk, default: CPUs, at most 4)")
    parser.add_argument("--db", type=Path, default=None, help="store to serve (built when empty or absent)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    generator = args.generator
    if generator == "auto":
        generator = "wrk" if shutil.which("wrk") else "httpx"

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "marsad.db"
        documents = build_store(db)
        port = free_port()
        server = start_server(db, port, args.workers)
        try:
            base = f"http://127.0.0.1:{port}"
            mix = request_mix(base)
            with httpx.Client(base_url=base, timeout=120) as http:  # steady state: every answer asked once
                primed = time.perf_counter()
                for path in sorted({path for _, path in mix}):
                    http.get(path)
                print(f"primed {len({path for _, path in mix})} distinct requests in "
                      f"{time.perf_counter() - primed:.1f} s")
            load_before = os.getloadavg()[0]
            threads = args.loaders or min(4, os.cpu_count() or 1)
            if generator == "wrk":  # warm-up, not counted
                run_wrk(base, mix, args.clients, WARMUP_S, threads, Path(tmp))
            cpu_before = cpu_seconds(server.pid)
            if generator == "wrk":
                result = run_wrk(base, mix, args.clients, args.duration, threads, Path(tmp))
            else:
                result = run_httpx(base, mix, args.clients, args.duration, args.loaders or 1, server.pid)
            server_cpu = cpu_seconds(server.pid) - cpu_before  # httpx: includes its warm-up
        finally:
            server.terminate()
            server.wait(timeout=30)

    requests = result["requests"]
    figures = {
        "generator": generator, "documents": documents, "clients": args.clients, "duration_s": args.duration,
        "workers": args.workers, "loaders": args.loaders, "requests": requests,
        "throughput_rps": round(requests / result["elapsed_s"], 1),
        **{key: round(result[key], 1) for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms", "mean_ms")},
        "errors": result["errors"], "error_kinds": result["error_kinds"],
        "server_cpu_s": round(server_cpu, 2),
        "server_cpu_ms_per_request": round(server_cpu * 1000 / requests, 3) if requests else None,
        "load_average_before": round(load_before, 2),
        "routes": result["routes"],
    }
    print(f"\n{generator}: {args.clients} clients, {args.duration:.0f} s, {args.workers} server worker(s), "
          f"{documents} documents, {os.cpu_count()} CPUs, load average {figures['load_average_before']} before")
    print(f"requests {requests}  throughput {figures['throughput_rps']} req/s  errors {figures['errors']}")
    print(f"latency ms: p50 {figures['p50_ms']}  p95 {figures['p95_ms']}  p99 {figures['p99_ms']}  "
          f"max {figures['max_ms']}  mean {figures['mean_ms']}")
    print(f"server CPU {figures['server_cpu_s']} s, {figures['server_cpu_ms_per_request']} ms per request "
          "(a machine-independent figure: one core serves about 1000 / that many requests a second)")
    if figures["routes"]:
        print(f"{'route':<10} {'requests':>9} {'p50 ms':>8} {'p99 ms':>8}")
        for label, row in figures["routes"].items():
            print(f"{label:<10} {row['requests']:>9} {row['p50_ms']:>8} {row['p99_ms']:>8}")
    for problem, count in figures["error_kinds"].items():
        if count:
            print(f"error: {problem} x{count}")
    met = requests > 0 and figures["p99_ms"] < 200 and figures["errors"] == 0
    print(f"goal (p99 < 200 ms, 0 errors): {'met' if met else 'NOT met'}")
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
