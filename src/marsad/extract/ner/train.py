"""Training the NER from an ANERcorp-style CoNLL file (``marsad train ner --data PATH``).

The file's last 10% of sentences are held out as dev (``marsad.eval.ner.dev_split``) and never
trained on. Training runs on marsad's own tokens: the CoNLL tokens are joined into text, that
text is tokenised and split into sentences exactly as at tagging time, and the gold mentions
are projected onto those tokens as IOB2 labels. Everything is deterministic (L-BFGS for the
CRF; fixed seeds for spaCy).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from marsad.arabic import split_sentences, tokenize
from marsad.document import Token
from marsad.errors import ModelError
from marsad.eval.ner import (
    NerReport,
    Sentence,
    TypeScore,
    conll_text,
    dev_split,
    evaluate_sentences,
    read_conll,
    token_labels,
)
from marsad.extract.ner.crf import CrfModel, CrfScorer
from marsad.extract.ner.features import (
    STACK_BLOCK,
    FeatureExtractor,
    Gazetteer,
    gazetteer_keys,
    load_lexicon,
    stack_features,
)
from marsad.extract.ner.tagger import (
    FEATURES_VERSION,
    GAZETTEER_FILE,
    META_FILE,
    MODEL_DIR,
    MODEL_FILE,
    STACK_FILE,
    NerTagger,
    sentence_slices,
)

__all__ = ["CRF_PARAMS", "cross_validate_crf", "prepare_sequences", "train_crf", "train_ner", "write_model_card"]

#: Chosen by 3-fold cross-validation on the training 90% (see MODEL_CARD.md), not on dev.
CRF_PARAMS: dict[str, Any] = {"c1": 0.01, "c2": 0.01, "max_iterations": 150, "stack": True, "stack_folds": 3,
                               "stack_chunk": 30}
SPACY_EPOCHS = 10  # the run the model card reports; 12 scored lower on dev (0.650)
MODEL_CARD = Path(__file__).resolve().parent / "MODEL_CARD.md"
#: What changed between model versions (the model card's "Changes" section).
CHANGES = [
    "- 2026-11-25, second version: a second-stage CRF stacked on the first (document evidence: what the first"
    " stage said about the same word elsewhere in the article), chosen by 3-fold cross-validation on the"
    " training 90% (the CV list above). Tried and not kept, by the same cross-validation: BILOU labels instead"
    " of IOB2; a bias against the O label at decoding (recall up, F1 down at every setting tried); word-frequency"
    " bands from the wordfreq Arabic list; quotation and organisation/place head-word window features. The"
    " first version (one CRF) scored 0.721 on dev (PER 0.719, LOC 0.831, ORG 0.579); this model's first stage"
    " alone (same training, the newer knowledge base) scores 0.718 there, the two stages 0.714: the"
    " cross-validation gain (+1.35, every fold) did not show on dev (PER +0.8, ORG -3.4), within its noise.",
]
Log = Callable[[str], None]
Sequences = list[tuple[list[Token], list[str]]]


def crfsuite() -> Any:
    """The ``pycrfsuite`` module (python-crfsuite ships no type information); training only."""
    try:
        return importlib.import_module("pycrfsuite")
    except ImportError as error:  # pragma: no cover - a broken install
        raise ModelError("training the NER needs python-crfsuite: pip install python-crfsuite") from error


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def prepare_sequences(sentences: Sequence[Sentence]) -> Sequences:
    """(tokens, IOB2 labels) per sentence, on marsad's tokens and sentence boundaries."""
    rebuilt = conll_text(sentences)
    tokens = tokenize(rebuilt.text)
    labels = token_labels(tokens, rebuilt.gold)
    out: Sequences = []
    for first, last in sentence_slices(tokens, split_sentences(rebuilt.text)):
        out.append((tokens[first:last], labels[first:last]))
    return out


def _gazetteer() -> Gazetteer | None:
    keys = gazetteer_keys()
    gazetteer = Gazetteer.from_keys(keys) if keys else None
    return gazetteer if gazetteer is not None and len(gazetteer) else None


def _fit(
    sequences: Sequences, extractor: FeatureExtractor, settings: dict[str, Any], algorithm: str,
    extras: Sequence[list[list[str]]] | None = None,
) -> tuple[CrfModel, dict[str, Any]]:
    """Train one CRF with crfsuite (``extras``: more features per token of each sequence)."""
    trainer = crfsuite().Trainer(algorithm=algorithm, verbose=False)
    for index, (tokens, labels) in enumerate(sequences):
        if tokens:
            features = extractor.sentence(tokens)
            if extras is not None:
                features = [f + e for f, e in zip(features, extras[index], strict=True)]
            trainer.append(features, labels)
    trainer.set_params({**settings, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        crfsuite_file = Path(tmp) / "ner.crfsuite"
        trainer.train(str(crfsuite_file))
        model = CrfModel.from_crfsuite(crfsuite_file)
    return model, trainer.logparser.last_iteration or {}


def _settings(params: dict[str, Any] | None) -> tuple[dict[str, Any], str]:
    settings = {**CRF_PARAMS, **(params or {})}
    settings.pop("stack", None)
    settings.pop("stack_folds", None)
    settings.pop("stack_chunk", None)
    algorithm = settings.pop("algorithm", "lbfgs")
    if algorithm != "lbfgs":  # c1/c2 are L-BFGS's regularisation; the online algorithms have none or ``c``
        settings = {k: v for k, v in settings.items() if k not in ("c1", "c2")}
    return settings, algorithm


def _held_fold_features(
    sequences: Sequences, extractor: FeatureExtractor, settings: dict[str, Any], algorithm: str,
    lo: int, hi: int, chunk: int,
) -> list[list[list[str]]]:
    """``stack_features`` of sequences ``lo``..``hi`` from a first stage trained on the others."""
    model, _ = _fit([*sequences[:lo], *sequences[hi:]], extractor, settings, algorithm)
    scorer = CrfScorer(model, extractor)
    out: list[list[list[str]]] = []
    for start in range(lo, hi, chunk):
        group = range(start, min(start + chunk, hi))
        tokens: list[Token] = []
        slices: list[tuple[int, int]] = []
        for index in group:
            if sequences[index][0]:
                slices.append((len(tokens), len(tokens) + len(sequences[index][0])))
                tokens.extend(sequences[index][0])
        features = stack_features(tokens, slices, *scorer.tag(tokens, [first for first, _ in slices])) if tokens else []
        for index in group:
            n = len(sequences[index][0])
            out.append(features[:n])
            features = features[n:]
    return out


# The training job's data, set before worker processes fork (they inherit it, nothing is pickled).
_JOB: dict[str, Any] = {}


def _job(task: tuple[int, int]) -> Any:
    """One worker's task: (-1, -1) is the first stage on everything, else a cross-fitting fold."""
    lo, hi = task
    sequences, extractor, settings, algorithm, chunk = (
        _JOB["sequences"], _JOB["extractor"], _JOB["settings"], _JOB["algorithm"], _JOB["chunk"])
    if lo < 0:
        return _fit(sequences, extractor, settings, algorithm)
    return _held_fold_features(sequences, extractor, settings, algorithm, lo, hi, chunk)


def _first_stage(
    sequences: Sequences, extractor: FeatureExtractor, settings: dict[str, Any], algorithm: str,
    *, folds: int, chunk: int, log: Log | None = None,
) -> tuple[tuple[CrfModel, dict[str, Any]], list[list[list[str]]] | None]:
    """The first stage on every sequence and, when ``folds`` > 0, ``stack_features`` of every
    sequence from a first stage that did not train on it (``folds`` contiguous folds; runs of
    ``chunk`` consecutive sequences stand for documents). The fits run in parallel worker
    processes where the platform forks (each is deterministic, so the result does not depend
    on it)."""
    size = len(sequences)
    tasks = [(-1, -1)] + [(k * size // folds, (k + 1) * size // folds) for k in range(folds)]
    _JOB.update(sequences=sequences, extractor=extractor, settings=settings, algorithm=algorithm, chunk=chunk)
    try:
        workers = min(len(tasks), len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.map(_job, tasks, chunksize=1)
        else:
            results = [_job(task) for task in tasks]
    finally:
        _JOB.clear()
    if log is not None and folds:
        log(f"crf stage 1: fitted, and {folds}-fold cross-fitted for the second stage")
    if not folds:
        return results[0], None
    extras = [features for fold in results[1:] for features in fold]
    return results[0], extras


def train_crf(
    sequences: Sequences, out: Path, *, params: dict[str, Any] | None = None,
    gazetteer: Gazetteer | None = None, log: Log | None = None,
) -> dict[str, Any]:
    """Train the CRF with crfsuite; write its weights as ``ner.npz`` (and the gazetteer snapshot)
    into folder ``out``. With ``params["stack"]`` (the default, ``CRF_PARAMS``) also the
    second-stage CRF ``ner2.npz``, trained on the first stage's cross-fitted output."""
    wanted = {**CRF_PARAMS, **(params or {})}
    stack = bool(wanted.get("stack"))

    settings, algorithm = _settings(params)
    extractor = FeatureExtractor(load_lexicon(), gazetteer)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    (model, info), extras = _first_stage(
        sequences, extractor, settings, algorithm, folds=int(wanted.get("stack_folds", 3)) if stack else 0,
        chunk=int(wanted.get("stack_chunk", 30)), log=log)
    model.save(out / MODEL_FILE)
    second_file = out / STACK_FILE
    if extras is not None:
        second, info = _fit(sequences, extractor, settings, algorithm, extras)
        second.save(second_file)
    elif second_file.exists():
        second_file.unlink()
    seconds = time.perf_counter() - started
    snapshot = out / GAZETTEER_FILE
    if gazetteer is not None:
        gazetteer.write(snapshot)
    elif snapshot.exists():
        snapshot.unlink()
    if log is not None:
        log(f"crf: {len(sequences)} sentences, {info.get('num', '?')} iterations, {seconds:.0f} s, "
            f"{(out / MODEL_FILE).stat().st_size / 1e6:.1f} MB")
    (out / META_FILE).write_text(json.dumps({"features_version": FEATURES_VERSION}) + "\n", encoding="utf-8")
    recorded = {**settings, "algorithm": algorithm}
    if stack:
        recorded.update(stack=True, stack_folds=int(wanted.get("stack_folds", 3)),
                        stack_chunk=int(wanted.get("stack_chunk", 30)))
    return {"params": recorded, "seconds": round(seconds, 1), "iterations": info.get("num"),
            "active_features": info.get("active_features"), "gazetteer_keys": len(gazetteer or ())}


def _figures(report: NerReport) -> dict[str, Any]:
    return report.to_dict()


def cross_validate_crf(
    sentences: Sequence[Sentence], grid: Sequence[dict[str, Any]], *, folds: int = 3,
    gazetteer: Gazetteer | None = None, log: Log | None = None,
) -> list[dict[str, Any]]:
    """Mean PER/LOC/ORG F1 of each parameter set over ``folds`` contiguous folds of ``sentences``
    (the training part only: the dev part is never seen here)."""
    size = len(sentences)
    bounds = [(k * size // folds, (k + 1) * size // folds) for k in range(folds)]
    results = []
    for params in grid:
        total = TypeScore()
        per_fold = []
        for lo, hi in bounds:
            held = list(sentences[lo:hi])
            rest = [*sentences[:lo], *sentences[hi:]]
            with tempfile.TemporaryDirectory() as tmp:
                train_crf(prepare_sequences(rest), Path(tmp), params=params, gazetteer=gazetteer)
                report = evaluate_sentences(held, NerTagger.load(Path(tmp)))
            total.add(report.overall)
            per_fold.append(round(report.overall.f1, 4))
        results.append({"params": params, "f1": round(total.f1, 4), "folds": per_fold})
        if log is not None:
            log(f"cv {params}: F1 {total.f1:.4f} {per_fold}")
    return results


def _previous_record(out: Path) -> dict[str, Any]:
    try:
        loaded = json.loads((out / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train_ner(
    data: Path,
    out: Path = MODEL_DIR,
    *,
    approach: str = "crf",
    params: dict[str, Any] | None = None,
    epochs: int = SPACY_EPOCHS,
    seed: int = 0,
    use_gazetteer: bool = True,
    comparison: dict[str, Any] | None = None,
    cv: list[dict[str, Any]] | None = None,
    card: Path | None = None,
    log: Log | None = _stderr,
) -> dict[str, Any]:
    """Train on ``data`` minus its last 10% of sentences, score on that 10%, write the model.

    ``approach`` "crf" (the runtime model: ``ner.npz`` and ``ner.json`` in folder ``out``,
    by default the package's ``model/`` folder, plus the model card) or "spacy" (spaCy's NER,
    saved under ``out``; for comparison only). ``comparison`` holds the other approach's result
    (this function's return value) for the model card, ``cv`` the cross-validation results
    (``cross_validate_crf``) that chose the parameters. Returns what ``ner.json`` records.
    """
    data = Path(data)
    out = Path(out)
    previous = _previous_record(out)
    wanted = {"algorithm": "lbfgs", **CRF_PARAMS, **(params or {})}
    same_params = {"algorithm": "lbfgs", **previous.get("training", {}).get("params", {})} == wanted
    if cv is None and previous.get("cv") and same_params:
        cv = previous["cv"]  # the same parameters: the cross-validation that chose them still stands
    if comparison is None and previous.get("comparison"):
        comparison = next(iter(previous["comparison"].values()))  # keep the runner-up's figures
    sentences = read_conll(data)
    train, dev = dev_split(sentences)
    if log is not None:
        log(f"{data}: {len(sentences)} sentences; training on the first {len(train)}, dev = last {len(dev)}")
    sequences = prepare_sequences(train)
    record: dict[str, Any] = {
        "approach": approach,
        "features_version": FEATURES_VERSION,
        "trained": datetime.now(UTC).strftime("%Y-%m-%d"),
        "data": {"file": data.name, "sha256": _sha256(data), "sentences": len(sentences),
                 "train_sentences": len(train), "dev_sentences": len(dev),
                 "train_tokens": sum(len(s) for s in train), "dev_tokens": sum(len(s) for s in dev)},
        "seed": seed,
    }
    if approach == "crf":
        gazetteer = _gazetteer() if use_gazetteer else None
        record["training"] = train_crf(sequences, out, params=params, gazetteer=gazetteer, log=log)
        tagger: Any = NerTagger.load(out)
    elif approach == "spacy":
        from marsad.extract.ner.spacy_ner import SpacyNerTagger, train_spacy

        started = time.perf_counter()
        train_spacy(sequences, out, epochs=epochs, seed=seed, log=log)
        record["training"] = {"epochs": epochs, "seconds": round(time.perf_counter() - started, 1)}
        tagger = SpacyNerTagger.load(out)
    else:
        raise ValueError(f"unknown NER approach {approach!r}: crf or spacy")
    started = time.perf_counter()
    report = evaluate_sentences(dev, tagger, source=f"{data.name} dev (last 10%)")
    record["dev"] = _figures(report)
    record["dev_seconds"] = round(time.perf_counter() - started, 2)
    if approach == "crf":
        record["model_sha256"] = _sha256(out / MODEL_FILE)
    record["size_bytes"] = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    if cv:
        record["cv"] = cv
    if comparison is not None:
        record["comparison"] = {comparison["approach"]: comparison}
    if log is not None:
        from marsad.eval.ner import format_report

        log(format_report(report, title=f"{approach} dev"))
    if approach == "crf":
        (out / META_FILE).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if card is None:
            card = MODEL_CARD if out.resolve() == MODEL_DIR else out / "MODEL_CARD.md"
        write_model_card(record, card)
    return record


def _score_table(dev: dict[str, Any]) -> list[str]:
    rows = ["| type | precision | recall | F1 | gold |", "|---|---|---|---|---|"]
    for name, s in dev["types"].items():
        rows.append(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['tp'] + s['fn']} |")
    o = dev["overall"]
    rows.append(f"| **PER+LOC+ORG (micro)** | {o['precision']:.3f} | {o['recall']:.3f} | **{o['f1']:.3f}** | |")
    return rows


def write_model_card(record: dict[str, Any], path: Path) -> None:
    """MODEL_CARD.md from what ``train_ner`` recorded."""
    d = record["data"]
    training = record.get("training", {})
    stacked = bool(training.get("params", {}).get("stack"))
    lines = [
        "# marsad NER model (`ner.v1`)",
        "",
        ("A two-stage (stacked) linear-chain CRF" if stacked else "A linear-chain CRF")
        + " (python-crfsuite, L-BFGS) tagging PER, LOC, ORG and MISC names in Arabic news text,"
        " on marsad's own tokens. Files: `model/ner.npz` (the weights crfsuite trained, exported for marsad's own"
        " exact Viterbi), " + ("`model/ner2.npz` (the second stage's weights), " if stacked else "")
        + "`model/ner.json` (what training"
        " recorded)" + (", `model/gazetteer.tsv` (the knowledge-base gazetteer snapshot the model was trained"
        " with)" if training.get("gazetteer_keys") else "") + ".",
        "",
        "## Data",
        "",
        "- ANERcorp (Benajiba & Rosso 2007), the portion before the CAMeL Lab test split, as copied into"
        " `../shared/data/anercorp/train.conll` (see `../shared/data/README.md`); licence **CC BY-SA 4.0**"
        " (as published by CAMeL Lab). The data itself is not in this repository.",
        f"- `{d['file']}` (sha256 `{d['sha256'][:16]}…`): {d['sentences']} sentences. Split: the first"
        f" {d['train_sentences']} sentences ({d['train_tokens']} tokens) are trained on; the last 10%,"
        f" {d['dev_sentences']} sentences ({d['dev_tokens']} tokens), are the dev set and are never trained on.",
        "- Tags: IOB2 over PERS (→ PER), LOC, ORG, MISC, projected onto marsad's tokens (CoNLL tokens joined by"
        " spaces, then `marsad.arabic.tokenize` and `split_sentences`, exactly as at tagging time).",
        "",
        "## Features (`marsad.extract.ner.features`, feature set "
        f"{record['features_version']})",
        "",
        "- the token's clitic-stripped normalised form (`token_norm`), its whole normalised form, its proclitics"
        " (conjunction / preposition / article flags), first and last 1–3 letters of the stem, letter trigrams"
        " of the stem, shape (Arabic, digits, Latin and its case, punctuation, mixed), stem length;",
        "- lexicon classes from arramooz (installed package `arramooz-pysqlite`, GPL, read at run time, not"
        " copied): noun table (also after stripping common suffixes), verb table (also with imperfect"
        " prefixes / person suffixes), word-frequency list (ordinary words; proper nouns in 4 frequency"
        " buckets), stop words; `UNK` when none applies (often a transliterated foreign name); nisba"
        " adjectives of known proper nouns (عراقي);",
        "- hand-written cue words: titles and roles (وزير، الرئيس، المتحدث، الشيخ، العقيد …), reporting verbs"
        " (قال، أكد، أضاف …), organisation heads (حزب، وكالة، جامعة …), place heads (مدينة، محافظة …),"
        " name particles (بن، أبو، عبد …); a title or a reporting verb within the four tokens before;",
        "- the same word features (a subset) of the neighbours at ±1 and ±2, word bigrams with ±1, sentence"
        " start and end;",
        "- gazetteer membership (longest match of knowledge-base alias keys, B/I per type, also for the"
        " neighbours; and 'a word of a multi-word alias of type T') when the knowledge base was available at"
        " training time: "
        + (f"{training.get('gazetteer_keys')} keys, snapshot in `model/gazetteer.tsv`."
           if training.get("gazetteer_keys") else "it was not, so this model has no gazetteer features."),
        "",
        f"Training: {json.dumps(training.get('params', {}), ensure_ascii=False)}; "
        f"{training.get('active_features', '?')} active features"
        + (" in the second stage" if stacked else "") + f"; {training.get('seconds', '?')} s on one core.",
    ]
    if stacked:
        lines += [
            "",
            "Second stage (`ner2.npz`, Krishnan & Manning 2006 style stacking): the same features plus, per token,"
            " the first stage's label, its confidence band (marginal ≥ 0.9, ≥ 0.6, lower), the first-stage labels"
            " of its neighbours, and document evidence about the same word (`token_norm`) elsewhere in the"
            " document: occurs nowhere else / never tagged elsewhere / the majority first-stage type of its other"
            " occurrences with the share of them tagged (some, most, all), also paired with its own label"
            f" (`features.stack_keys`). A document counts in blocks of {STACK_BLOCK} sentences, so 'elsewhere'"
            " means the same in one article and in a whole corpus tagged as one document. Its training data"
            " takes these from first-stage models that did not see the sentence"
            f" ({training['params'].get('stack_folds')}-fold cross-fitting over the training 90%, runs of"
            f" {training['params'].get('stack_chunk')} sentences standing for documents).",
        ]
    lines += [
        "",
        "Tagging (`marsad.extract.ner.NerTagger`) does not use crfsuite: the exported weights are decoded by exact"
        " Viterbi (labels identical to crfsuite's) with forward-backward marginals"
        + ("; the first stage's output gives the second stage its features, and the second stage's labels"
           " are the result" if stacked else "") + "; a mention's confidence is the"
        " lowest marginal of its labels. Then, per document, a name tagged with confidence ≥ 0.8 is tagged again"
        " where it recurs untagged (name-like words only: not an ordinary lexicon word) and takes the"
        " confidence-weighted majority type of its mentions. Mentions leave out attached proclitics and never"
        " hold punctuation.",
    ]
    if record.get("cv"):
        lines += ["", "Choices (regularisation, gazetteer and extra features, decoding rules) were made by 3-fold"
                  " cross-validation on the training 90% (dev not used); the final feature set scored:", ""]
        lines += [f"- `{json.dumps(r['params'])}`" + (f" ({r['note']})" if r.get("note") else "")
                  + f": PER/LOC/ORG F1 {r['f1']:.4f} (folds {r['folds']})" for r in record["cv"]]
    lines += ["", "## Dev scores", "",
              "Exact character spans through the real pipeline path (`marsad.eval.ner.evaluate_ner`):"
              " proclitics may be left out of a mention, nothing else is lenient. MISC is not in the overall"
              " figure.", "", f"### CRF (committed), trained {record['trained']}", "", *_score_table(record["dev"])]
    for name, other in (record.get("comparison") or {}).items():
        epochs = other.get("training", {}).get("epochs")
        lines += ["", f"### {name} (runner-up, not committed)" + (f", {epochs} epochs" if epochs else ""), "",
                  "spaCy 3.8 blank `ar` + `ner` (default hash-embedding CNN over NORM/PREFIX/SUFFIX/SHAPE, NORM ="
                  " marsad's `token_norm`), same tokens, split and scorer.", "", *_score_table(other["dev"])]
    lines += ["", "## Changes", "", *CHANGES]
    lines += [
        "",
        "## Limits",
        "",
        "- ANERcorp is 2000s newswire; names that became frequent later (armed groups, current officials) are"
        " only found from context and lexicon cues unless the gazetteer knows them.",
        "- Recall is the weak side, ORG above all: multi-word organisation names the gazetteer does not know"
        " (sports clubs, companies, councils) are often missed (on dev, precision exceeds recall for PER, ORG"
        " and MISC).",
        "- Mentions leave out attached proclitics (`proclitic_cut`): a lone ب ف ك ل before an unknown word"
        " is kept, since many foreign names begin with those letters.",
        "",
        "## Retraining",
        "",
        "```",
        "marsad train ner --data ../shared/data/anercorp/train.conll",
        "```",
        "",
        "(`marsad.extract.ner.train_ner(data, out)`; deterministic. `benchmarks/bench_ner.py --compare` also"
        " retrains the spaCy runner-up.)",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
