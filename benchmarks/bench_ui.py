"""Web UI page latency over a large store (target: every page under 300 ms at 100k articles).

Run: .venv/bin/python benchmarks/bench_ui.py --db PATH|URL [--repeat 20] [--json]

Make the store first, e.g. ``benchmarks/gen_corpus.py 100000 --db /tmp/ui100k.db``. A uvicorn
server runs in a thread over the store; each page is fetched once cold (first hit, SQLite page
cache cold for that query) and then ``--repeat`` times over loopback with httpx; the table shows
the cold time (store queries and rendering) and p50/p95/max of the warm ones, which the app's
read cache answers (``MARSAD_API_CACHE_SECONDS``, 30 s by default); ``--no-cache`` turns it off so
that every hit asks the store.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import threading
import time
from typing import Any
from urllib.parse import quote

import httpx
import uvicorn

from marsad.settings import Settings
from marsad.store import open_store
from marsad.web import create_app


def _pages(store: Any) -> list[str]:
    doc = store.list_documents(limit=1).data[0]["id"]
    entities = store.list_entities(limit=5).data
    person = next((e["kb_id"] for e in entities if e.get("type") == "PER"), entities[0]["kb_id"])
    place = next((e["kb_id"] for e in entities if e.get("type") in ("GPE", "LOC")), entities[-1]["kb_id"])
    quoted = store.list_quotes(limit=50).data
    speaker = next((q["speaker"]["kb_id"] for q in quoted if (q.get("speaker") or {}).get("kb_id")), None)
    pages = ["/", "/search?q=" + quote("هجوم"), "/search?q=" + quote("وزير الخارجية"),
             "/search?q=" + quote("قتلى") + "&event_type=ASSAULT&page=3", "/search?country=SY",
             f"/articles/{quote(doc, safe='')}", f"/entities/{quote(person, safe=':')}",
             f"/entities/{quote(place, safe=':')}", "/events", "/events?event_type=ASSAULT&sort=-dead",
             "/events?country=IQ&date_from=2020-01-01", "/quotes", "/quotes?q=" + quote("الحكومة"), "/ingest"]
    if speaker:
        pages.append(f"/quotes?speaker={quote(speaker, safe='')}")
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-cache", action="store_true", help="MARSAD_API_CACHE_SECONDS=0: every hit asks the store")
    args = parser.parse_args()
    store = open_store(args.db)
    stats = store.stats()
    settings = Settings(api_cache_seconds=0) if args.no_cache else Settings()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store=store, settings=settings), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    rows: list[dict[str, Any]] = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
        for path in _pages(store):
            start = time.perf_counter()
            response = http.get(path)
            cold = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                print(f"{path}: HTTP {response.status_code}", file=sys.stderr)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                http.get(path)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            rows.append({"page": path, "status": response.status_code, "bytes": len(response.content),
                         "cold_ms": round(cold, 1), "p50_ms": round(statistics.median(times), 1),
                         "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1), "max_ms": round(times[-1], 1)})
    server.should_exit = True
    thread.join(timeout=10)
    store.close()
    if args.json:
        print(json.dumps({"documents": stats.get("documents"), "events": stats.get("events"), "pages": rows},
                         ensure_ascii=False, indent=1))
        return 0
    print(f"cache: {'off' if args.no_cache else 'on'}; store: {stats.get('documents'):,} documents, "
          f"{stats.get('events'):,} events, "
          f"{stats.get('quotes'):,} quotes; {args.repeat} warm requests per page")
    print(f"{'page':<58} {'cold':>8} {'p50':>8} {'p95':>8} {'max':>8} {'KB':>6}")
    for row in rows:
        print(f"{row['page'][:58]:<58} {row['cold_ms']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
              f"{row['max_ms']:>8} {row['bytes'] // 1024:>6}")
    print(f"worst cold: {max(row['cold_ms'] for row in rows)} ms, worst warm p95: "
          f"{max(row['p95_ms'] for row in rows)} ms (target < 300 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
