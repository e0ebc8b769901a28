"""Near-duplicate detection (``marsad.ingest.dedup``): precision/recall on a composed set, and
lookup cost at 10k and 100k indexed articles.

Run: .venv/bin/python benchmarks/bench_dedup.py [--threshold T] [--seed N]

The set is built at run time (nothing is written): every article of
../shared/data/articles/saudinewsnet_security_dev.jsonl, plus for each a lightly edited copy
the way syndication edits wire stories: another headline, an added dateline and agency credit,
a boilerplate line at the top and bottom, one sentence dropped (when it has more than four), a
few words replaced, the last paragraph cut off for every third copy. Originals are all
different stories, many on the same topics (Yemen, Syria, attacks in the Gulf), which makes them
hard negatives; records with identical text in the data count as duplicates of each other.
Everything goes through ``article_from_text`` (as ingest does) and then, in a shuffled order,
through ``DuplicateIndex.check_and_add``. Precision: detected duplicates that are right;
recall: expected duplicates detected (every member of a group after its first).
The goals (issue 7): precision >= 0.95 and recall >= 0.9; lookup cost flat from 10k to 100k.
Skips with a message when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

from marsad.errors import InputError
from marsad.ingest import article_from_text, iter_articles
from marsad.ingest.dedup import NUM_PERM, SCHEME, THRESHOLD, DuplicateIndex, exact_key

ARTICLES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "articles" / (
    "saudinewsnet_security_dev.jsonl")
FILLER_WORDS = ["قال", "مصدر", "الحكومة", "القوات", "المدينة", "اليوم", "أمس", "الأمن", "مقتل", "هجوم"]


def edited_copy(text: str, rng: random.Random, number: int) -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    sentences = [s for p in paragraphs for s in p.replace("؟", ".").split(".") if s.strip()]
    if len(sentences) > 4:
        drop = sentences[rng.randrange(1, len(sentences))].strip()
        paragraphs = [p.replace(drop, "") for p in paragraphs]
    if number % 3 == 0 and len(paragraphs) > 3:
        paragraphs = paragraphs[:-1]
    words = "\n".join(paragraphs).split(" ")
    for _ in range(max(1, len(words) // 40)):
        words[rng.randrange(len(words))] = rng.choice(FILLER_WORDS)
    body = " ".join(words)
    return (f"عنوان آخر للخبر رقم {number}\nعاجل | تابعوا آخر الأخبار على موقعنا\n"
            f"بيروت - (وكالات) - {body}\nجميع الحقوق محفوظة © 2015\n")


def accuracy(threshold: float, seed: int) -> None:
    rng = random.Random(seed)
    originals = [a for a in iter_articles([str(ARTICLES)]) if not isinstance(a, InputError)]
    items: list[tuple[str, int, str]] = []  # (id, group, text)
    groups: dict[str, int] = {}
    for i, article in enumerate(originals):
        group = groups.setdefault(exact_key(article.text), i)
        items.append((f"orig-{i}", group, article.text))
        copy = article_from_text(edited_copy(article.text, rng, i), origin=f"copy-{i}")
        items.append((f"copy-{i}", group, copy.text))
    rng.shuffle(items)
    index = DuplicateIndex(threshold=threshold)
    group_of = {doc_id: group for doc_id, group, _ in items}
    seen_groups: set[int] = set()
    expected = detected = right = 0
    started = time.perf_counter()
    for doc_id, group, text in items:
        if group in seen_groups:
            expected += 1
        seen_groups.add(group)
        found = index.check_and_add(doc_id, text)
        if found is not None:
            detected += 1
            right += group_of[found.of] == group
    took = time.perf_counter() - started
    precision = right / detected if detected else 0.0
    recall = right / expected if expected else 0.0
    print(f"threshold {threshold}: {len(items)} articles ({len(originals)} originals, {len(originals)} edited copies); "
          f"expected duplicates {expected}, detected {detected}, right {right}: precision {precision:.3f}, "
          f"recall {recall:.3f} (goals 0.95 / 0.9); {len(items) / took:.0f} articles/s check+add")


def lookup_cost(seed: int) -> None:
    from datasketch import MinHash

    rng = np.random.default_rng(seed)
    queries = [a.text for a in iter_articles([str(ARTICLES)]) if not isinstance(a, InputError)]
    index = DuplicateIndex()
    filled = 0
    for size in (10_000, 100_000):
        # Filler articles: random signatures (what unrelated texts look like to LSH), inserted directly.
        for n in range(filled, size):
            values = rng.integers(0, 2**32 - 1, NUM_PERM, dtype=np.uint64)
            signature = MinHash(num_perm=NUM_PERM, seed=1, hashvalues=values, scheme=SCHEME)
            index.signatures[f"filler-{n}"] = signature
            index._lsh.insert(f"filler-{n}", signature)
        filled = size
        started = time.perf_counter()
        for text in queries * 5:
            index.check(text)
        per = (time.perf_counter() - started) / (len(queries) * 5)
        print(f"lookup with {size:>7,} articles indexed: {per * 1000:.3f} ms per check")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threshold", type=float, action="append", help=f"Jaccard threshold (default {THRESHOLD})")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-scale", action="store_true", help="skip the 10k/100k lookup cost")
    args = parser.parse_args()
    if not ARTICLES.is_file():
        print(f"skipped: {ARTICLES} is absent (development data beside the repo)", file=sys.stderr)
        return 0
    for threshold in args.threshold or [THRESHOLD]:
        accuracy(threshold, args.seed)
    if not args.no_scale:
        lookup_cost(args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
