"""marsad.extract.ner (the statistical NER) and marsad.eval.ner (its CoNLL scorer).

Every sentence here is written for these tests; none comes from ANERcorp.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from marsad.arabic import split_sentences, token_norm, tokenize
from marsad.document import Document, Mention
from marsad.errors import ModelError
from marsad.eval.ner import (
    GoldMention,
    conll_text,
    dev_split,
    evaluate_ner,
    format_report,
    read_conll,
    token_labels,
)
from marsad.extract.ner import NerTagger, ner_step
from marsad.extract.ner import crf as crf_module
from marsad.extract.ner.features import FeatureExtractor, Gazetteer, is_punctuation, load_lexicon
from marsad.extract.ner.tagger import (
    MODEL_DIR,
    MODEL_FILE,
    MentionBuilder,
    decode,
    proclitic_cut,
    sentence_slices,
)

PUNCTUATION = set("،,.:;؛!?؟«»\"'()[]{}-–—/")


def _doc(text: str) -> Document:
    doc = Document(text)
    doc.sentences = split_sentences(text)
    doc.tokens = tokenize(text)
    return doc


@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    return NerTagger.load()


def _found(mentions: list[Mention]) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in mentions}


# --- the committed model on sentences written for the tests ---------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال وزير الخارجية الأردني أيمن الصفدي إن بلاده ترفض أي تصعيد في المنطقة.",
         {("أيمن الصفدي", "PER")}),
        ("وأكد المتحدث باسم الحكومة العراقية سعد الحديثي أن القوات دخلت مدينة الرمادي صباح اليوم.",
         {("سعد الحديثي", "PER"), ("الرمادي", "LOC")}),
        # invented people and places
        ("وقال الدكتور وسيم القرطبي مدير مستشفى المنار في بلدة تل زهران إن الوضع الصحي مستقر.",
         {("وسيم القرطبي", "PER")}),
        ("التقى الرئيس المصري في القاهرة وفدا من الأمم المتحدة برئاسة السفيرة نادية الشمري.",
         {("القاهرة", "LOC"), ("الأمم المتحدة", "ORG"), ("نادية الشمري", "PER")}),
    ],
)
def test_finds_obvious_names(tagger: NerTagger, text: str, expected: set[tuple[str, str]]) -> None:
    found = _found(tagger.tag(_doc(text)))
    assert expected <= found, found


SENTENCES = [
    "قال وزير الخارجية الأردني أيمن الصفدي إن بلاده ترفض أي تصعيد في المنطقة.",
    "وأعلنت وزارة الداخلية السعودية أن قوات الأمن أحبطت هجوما في الرياض، بحسب وكالة الأنباء الرسمية.",
    "وصرح العقيد منصور البدري لـ«الشرق» بأن الاشتباكات في مدينة تعز (جنوب غرب اليمن) مستمرة.",
    "وشدد الأمين العام للأمم المتحدة على ضرورة وقف القتال في حلب وإدلب وبالعراق أيضا.",
    "وأضاف: «لن نسمح لداعش بالبقاء في الموصل»، فيما قالت واشنطن إنها تدعم بغداد.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_mentions_point_into_the_text(tagger: NerTagger, text: str) -> None:
    doc = _doc(text)
    mentions = tagger.tag(doc)
    assert mentions
    for m in mentions:
        assert m.text == doc.text[m.start : m.end]
        assert m.type in {"PER", "LOC", "ORG", "MISC"}
        assert m.kind == "name"
        assert m.by == "ner.v1"
        assert 0.0 < m.confidence <= 1.0
        assert not (set(m.text) & PUNCTUATION), m.text  # no punctuation inside a mention
        assert m.text == m.text.strip()
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)


def test_mentions_leave_out_proclitics(tagger: NerTagger) -> None:
    text = ("وقال إن الدعم الأمريكي لإسرائيل مستمر، وإن الوفد توجه لسوريا ثم لبنان وبالعراق أيضا. "
            "وأكد أن الحكومة ستدعم لحزب الله.")
    found = _found(tagger.tag(_doc(text)))
    assert {("إسرائيل", "LOC"), ("سوريا", "LOC"), ("العراق", "LOC"), ("حزب الله", "ORG")} <= found, found
    assert not {t for t, _ in found} & {"لإسرائيل", "لسوريا", "وبالعراق", "بالعراق", "لحزب الله"}


def test_ner_step_extends_mentions() -> None:
    doc = _doc("قال وزير الخارجية الأردني أيمن الصفدي إن بلاده ترفض أي تصعيد.")
    doc.mentions.append(Mention(0, 3, "قال", "MISC", by="other"))
    ner_step(doc)
    assert doc.mentions[0].by == "other"
    assert any(m.by == "ner.v1" and m.text == "أيمن الصفدي" for m in doc.mentions)


def test_tagger_makes_tokens_and_sentences_when_missing(tagger: NerTagger) -> None:
    doc = Document("قال وزير الخارجية الأردني أيمن الصفدي إن بلاده ترفض أي تصعيد.")
    assert ("أيمن الصفدي", "PER") in _found(tagger.tag(doc))
    assert tagger.tag(Document("")) == []
    assert tagger.tag(Document("!!! ...")) == []


def test_default_model_is_loaded_once() -> None:
    assert NerTagger.load() is NerTagger.load()


# --- mention boundaries: deterministic rules -------------------------------------------------


@pytest.mark.parametrize(
    ("word", "seen", "expected"),
    [
        ("وبالعراق", (), "العراق"),
        ("بالعراق", (), "العراق"),
        ("العراق", (), "العراق"),
        ("للعراق", (), "عراق"),  # the article's alef is not written after ل
        ("وإسرائيل", (), "إسرائيل"),
        ("ورايس", (), "رايس"),
        ("بلير", (), "بلير"),  # a name, not ب + لير
        ("كوفي", (), "كوفي"),  # a name, not ك + وفي
        ("وبلير", (), "بلير"),
        ("لداعش", ("داعش",), "داعش"),  # داعش stands alone elsewhere in the article
        ("لـداعش", ("داعش",), "داعش"),  # tatweel after the proclitic
    ],
)
def test_proclitic_cut(word: str, seen: tuple[str, ...], expected: str) -> None:
    token = tokenize(word)[0]
    cut = proclitic_cut(token, load_lexicon(), seen=frozenset(seen))
    assert token.text[cut:] == expected


def test_gazetteer_words_uncover_names() -> None:
    token = tokenize("لداعش")[0]
    assert token.text[proclitic_cut(token, load_lexicon(), names=frozenset({"داعش"})):] == "داعش"


def test_decode_splits_at_punctuation_and_opens_on_stray_i() -> None:
    tokens = tokenize("جان - بيار زار باريس")
    assert decode(["B-PER", "I-PER", "I-PER", "O", "I-LOC"], tokens) == [(0, 1, "PER"), (2, 3, "PER"),
                                                                          (4, 5, "LOC")]
    assert decode(["B-PER", "B-PER", "O", "O", "B-LOC"], tokens) == [(0, 1, "PER"), (4, 5, "LOC")]
    assert decode(["B-ORG", "I-ORG", "I-LOC", "O", "O"], tokenize("حزب الأمة مصر قال إن")) == [
        (0, 2, "ORG"), (2, 3, "LOC")]


def test_mention_builder_trims_proclitics_and_punctuation() -> None:
    text = "قصفت الطائرات مواقع لداعش وبالعراق «الموصل»"
    tokens = tokenize(text)
    words = [t.text for t in tokens]
    labels = ["O"] * len(tokens)
    for word, label in (("لداعش", "B-ORG"), ("وبالعراق", "B-LOC"), ("الموصل", "B-LOC")):
        labels[words.index(word)] = label
    builder = MentionBuilder(load_lexicon(), names=frozenset({"داعش"}))
    mentions = builder.mentions(text, tokens, labels, [0.9] * len(tokens))
    assert [(m.text, m.type) for m in mentions] == [("داعش", "ORG"), ("العراق", "LOC"), ("الموصل", "LOC")]
    assert all(m.text == text[m.start : m.end] and m.confidence == 0.9 for m in mentions)


def test_is_punctuation() -> None:
    assert is_punctuation("«") and is_punctuation("،") and is_punctuation("...")
    assert not is_punctuation("داعش") and not is_punctuation("") and not is_punctuation("U.S")


# --- model files -----------------------------------------------------------------------------


def test_missing_model_names_the_file_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as error:
        NerTagger.load(tmp_path)
    assert str(tmp_path / MODEL_FILE) in str(error.value)
    assert "marsad train ner --data" in str(error.value)


@pytest.mark.parametrize("content", [b"", b"not a model at all", b"PK\x03\x04broken zip"])
def test_corrupt_model_names_the_file(tmp_path: Path, content: bytes) -> None:
    (tmp_path / MODEL_FILE).write_bytes(content)
    with pytest.raises(ModelError) as error:
        NerTagger.load(tmp_path)
    assert str(tmp_path / MODEL_FILE) in str(error.value)
    assert "marsad train ner --data" in str(error.value)


def test_truncated_model_names_the_file(tmp_path: Path) -> None:
    for item in MODEL_DIR.iterdir():
        if item.is_file():
            shutil.copy(item, tmp_path / item.name)
    data = (MODEL_DIR / MODEL_FILE).read_bytes()
    (tmp_path / MODEL_FILE).write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match=r"ner\.npz"):
        NerTagger.load(tmp_path)
    (tmp_path / "ner.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match=r"ner\.json"):
        NerTagger.load(tmp_path)


# --- training and exact inference on a tiny model -------------------------------------------

TINY_CONLL = """\
قال O
وزير O
الخارجية O
سامي B-PERS
الهادي I-PERS
إن O
بلاده O
تدعم O
الحوار O
. O

وأكد O
رئيس O
حزب B-ORG
النهضة I-ORG
الوطني I-ORG
كريم B-PERS
العلوي I-PERS
أن O
الانتخابات O
ستجري O
في O
مدينة O
صفاقس B-LOC
. O

وصل O
الوفد O
إلى O
القاهرة B-LOC
قادما O
من O
بيروت B-LOC
للمشاركة O
في O
مؤتمر B-MISC
الطاقة I-MISC
. O

وأعلنت O
شركة B-ORG
النور I-ORG
للاتصالات I-ORG
أن O
مديرها O
هالة B-PERS
السعدي I-PERS
ستزور O
والرباط B-LOC
الأسبوع O
المقبل O
. O
"""


@pytest.fixture
def tiny_conll(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.conll"
    path.write_text("\n".join([TINY_CONLL] * 3), encoding="utf-8")
    return path


def test_compiled_inference_equals_crfsuite(
    tiny_conll: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pycrfsuite = pytest.importorskip("pycrfsuite")
    from marsad.extract.ner.train import prepare_sequences, train_crf

    sequences = prepare_sequences(read_conll(tiny_conll))
    out = tmp_path / "model"

    def keys(*names: str) -> list[str]:
        return [" ".join(token_norm(w) for w in name.split()) for name in names]

    gazetteer = Gazetteer.from_keys({"PER": keys("كريم العلوي"), "LOC": keys("صفاقس", "القاهرة"),
                                     "ORG": keys("حزب النهضة", "الأمم المتحدة")})
    train_crf(sequences, out, params={"max_iterations": 40, "c1": 0.0, "c2": 0.1, "stack": False}, gazetteer=gazetteer)
    ours = NerTagger.load(out)
    reference = pycrfsuite.Trainer(verbose=False)
    extractor = FeatureExtractor(load_lexicon(), gazetteer)
    for tokens, labels in sequences:
        reference.append(extractor.sentence(tokens), labels)
    reference.set_params({"max_iterations": 40, "c1": 0.0, "c2": 0.1, "feature.possible_transitions": True})
    reference.train(str(tmp_path / "reference.crfsuite"))
    crf = pycrfsuite.Tagger()
    crf.open(str(tmp_path / "reference.crfsuite"))
    texts = [*SENTENCES, "وصل كريم العلوي إلى صفاقس ثم القاهرة للقاء وفد الأمم المتحدة."]
    expected_labels: list[str] = []
    expected_marginals: list[float] = []
    all_tokens = []
    starts = []
    for text in texts:
        tokens = tokenize(text)
        expected = crf.tag(extractor.sentence(tokens))
        labels, marginals = ours.tag_tokens(tokens)
        assert labels == expected
        for i, label in enumerate(labels):
            assert marginals[i] == pytest.approx(crf.marginal(label, i), abs=1e-4)
        starts.append(len(all_tokens))
        all_tokens.extend(tokens)
        expected_labels.extend(expected)
        expected_marginals.extend(marginals)
    # all sentences at once, in one batch and in several (sentences are independent)
    assert ours.tag_tokens(all_tokens, starts) == (expected_labels, pytest.approx(expected_marginals))
    monkeypatch.setattr(crf_module, "_BATCH_CELLS", 40)
    assert ours.tag_tokens(all_tokens, starts) == (expected_labels, pytest.approx(expected_marginals))


def test_second_stage_scores_its_features(tiny_conll: Path, tmp_path: Path) -> None:
    """The stacked model: the second stage's cached key scores equal the sum of its feature
    weights, and its labels are the exact Viterbi labels over those emissions."""
    from marsad.extract.ner.features import stack_key_features, stack_keys
    from marsad.extract.ner.tagger import STACK_FILE
    from marsad.extract.ner.train import prepare_sequences, train_crf

    sequences = prepare_sequences(read_conll(tiny_conll))
    out = tmp_path / "model"
    record = train_crf(sequences, out, params={"max_iterations": 30, "stack": True, "stack_folds": 2})
    assert record["params"]["stack"] and (out / STACK_FILE).is_file()
    tagger = NerTagger.load(out)
    assert tagger.stacked
    tokens = tokenize("وصل كريم العلوي إلى صفاقس . وقال كريم إن القاهرة بعيدة .")
    slices = sentence_slices(tokens, split_sentences(" ".join(t.text for t in tokens)))
    starts = [first for first, _ in slices]
    tagger.stacked = False
    first_labels, first_confidences = tagger.tag_tokens(tokens, starts)
    keys = stack_keys(tokens, slices, first_labels, first_confidences)
    second = tagger._second
    assert second is not None
    plain = second.emissions(tokens, starts)
    expected = plain + np.array([second.model.score(stack_key_features(key)) for key in keys])
    assert np.allclose(second.emissions(tokens, starts, keys), expected)
    tagger.stacked = True
    labels, _ = tagger.tag_tokens(tokens, starts)
    assert labels == second.tag(tokens, starts, keys)[0]
    assert len(labels) == len(tokens) and all(label in tagger.labels for label in labels)


def test_train_ner_writes_a_model_and_card(tiny_conll: Path, tmp_path: Path) -> None:
    from marsad.extract.ner import train_ner

    out = tmp_path / "model"
    record = train_ner(tiny_conll, out, params={"max_iterations": 20}, use_gazetteer=False, log=None)
    assert (out / MODEL_FILE).is_file() and (out / "ner.json").is_file()
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in card and "marsad train ner --data" in card
    assert record["data"]["dev_sentences"] == 1 and record["data"]["train_sentences"] == 11
    assert set(record["dev"]["types"]) == {"PER", "LOC", "ORG", "MISC"}
    assert NerTagger.load(out).tag(_doc("وصل كريم العلوي إلى صفاقس."))  # it loads and tags


# --- CoNLL reading, alignment and scoring ----------------------------------------------------

SCORING_CONLL = """\
قال O
رئيس O
الوزراء O
عمر B-PERS
الفاروق I-PERS
في O
والقاهرة B-LOC
إن O
شركة B-ORG
النخيل I-ORG
ستفتح O
فرعا O
. O

وزار O
وفد O
من O
بنك B-ORG
الريان I-ORG
مدينة O
تونس B-LOC
( O
العاصمة O
) O
لحضور O
مهرجان B-MISC
قرطاج I-MISC
. O
"""


class _FixedTagger:
    def __init__(self, spans: list[tuple[str, str, int]]) -> None:
        self.spans = spans  # (surface, type, occurrence)

    def tag(self, doc: Document) -> list[Mention]:
        out = []
        for surface, kind, nth in self.spans:
            start = -1
            for _ in range(nth + 1):
                start = doc.text.find(surface, start + 1)
            if start >= 0:
                out.append(Mention(start, start + len(surface), surface, kind, by="test"))
        return out


def test_read_conll_and_split(tmp_path: Path) -> None:
    path = tmp_path / "gold.conll"
    path.write_text(SCORING_CONLL, encoding="utf-8")
    sentences = read_conll(path)
    assert len(sentences) == 2
    assert sentences[0][3] == ("عمر", "B-PERS")
    train, dev = dev_split(list(range(20)))  # type: ignore[arg-type]
    assert train == list(range(18)) and dev == [18, 19]
    (tmp_path / "bad.conll").write_text("كلمة X-PER\n", encoding="utf-8")
    with pytest.raises(Exception, match="line 1"):
        read_conll(tmp_path / "bad.conll")


def test_conll_text_offsets(tmp_path: Path) -> None:
    path = tmp_path / "gold.conll"
    path.write_text(SCORING_CONLL, encoding="utf-8")
    rebuilt = conll_text(read_conll(path))
    assert rebuilt.text.split("\n")[0].startswith("قال رئيس الوزراء عمر الفاروق في والقاهرة")
    surfaces = [(rebuilt.text[g.start : g.end], g.type) for g in rebuilt.gold]
    assert surfaces == [("عمر الفاروق", "PER"), ("والقاهرة", "LOC"), ("شركة النخيل", "ORG"),
                        ("بنك الريان", "ORG"), ("تونس", "LOC"), ("مهرجان قرطاج", "MISC")]
    tokens = tokenize(rebuilt.text)
    labels = token_labels(tokens, rebuilt.gold)
    assert [lab for t, lab in zip(tokens, labels, strict=True) if t.text in ("عمر", "الفاروق", "والقاهرة")] == [
        "B-PER", "I-PER", "B-LOC"]


def test_token_labels_split_at_punctuation() -> None:
    text = "زار جان - بيار باريس"
    tokens = tokenize(text)
    labels = token_labels(tokens, [GoldMention(4, 14, "PER")])
    assert labels == ["O", "B-PER", "O", "B-PER", "O"]


def test_evaluate_ner_exact_spans_modulo_proclitics(tmp_path: Path) -> None:
    path = tmp_path / "gold.conll"
    path.write_text(SCORING_CONLL, encoding="utf-8")
    perfect = _FixedTagger([("عمر الفاروق", "PER", 0), ("القاهرة", "LOC", 0), ("شركة النخيل", "ORG", 0),
                            ("بنك الريان", "ORG", 0), ("تونس", "LOC", 0), ("مهرجان قرطاج", "MISC", 0)])
    report = evaluate_ner(path, perfect, dev_only=False)
    assert report.overall.f1 == 1.0
    assert report.per_type["MISC"].tp == 1
    # a wrong boundary, a wrong type and a spurious mention; MISC missed
    flawed = _FixedTagger([("الفاروق", "PER", 0), ("والقاهرة", "LOC", 0), ("شركة النخيل", "LOC", 0),
                           ("بنك الريان", "ORG", 0), ("تونس", "LOC", 0), ("العاصمة", "LOC", 0)])
    report = evaluate_ner(path, flawed, dev_only=False)
    per, loc, org = (report.per_type[t] for t in ("PER", "LOC", "ORG"))
    assert (per.tp, per.fp, per.fn) == (0, 1, 1)
    assert (loc.tp, loc.fp, loc.fn) == (2, 2, 0)
    assert (org.tp, org.fp, org.fn) == (1, 0, 1)
    assert report.per_type["MISC"].fn == 1
    assert report.overall.tp == 3 and report.overall.fp == 3 and report.overall.fn == 2
    table = format_report(report)
    assert "PER+LOC+ORG" in table and "MISC" in table
    dev = evaluate_ner(path, perfect, dev_only=True)  # the last 10% of 2 sentences: none
    assert dev.sentences == 0 and dev.overall.tp == 0


# --- the dev figure on the development data --------------------------------------------------


# The goal is 0.80; the committed two-stage CRF reaches 0.714 on the dev part (MODEL_CARD.md), so
# this is a regression guard below that, not the goal.
DEV_F1_FLOOR = 0.70


@pytest.mark.shared_data
def test_dev_f1_on_anercorp(shared_data: Path, tagger: NerTagger) -> None:
    conll = shared_data / "anercorp" / "train.conll"
    if not conll.is_file():
        pytest.skip(f"{conll} is absent")
    report = evaluate_ner(conll, tagger, dev_only=True)
    assert report.overall.f1 >= DEV_F1_FLOOR, format_report(report)
    assert report.per_type["LOC"].f1 >= 0.78, format_report(report)


@pytest.mark.slow
def test_train_ner_command_reproduces_the_committed_model(shared_data: Path, tmp_path: Path) -> None:
    """`marsad train ner` from the CLI rebuilds the committed model byte for byte."""
    import json
    import subprocess
    import sys

    from marsad.extract.ner import MODEL_DIR

    out = tmp_path / "model"
    result = subprocess.run(
        [sys.executable, "-m", "marsad", "train", "ner", "--data", str(shared_data / "anercorp" / "train.conll"),
         "--out", str(out)],
        capture_output=True, text=True, timeout=900, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    committed = json.loads((MODEL_DIR / "ner.json").read_text(encoding="utf-8"))
    rebuilt = json.loads((out / "ner.json").read_text(encoding="utf-8"))
    assert rebuilt["model_sha256"] == committed["model_sha256"]
    for name in ("ner.npz", "ner2.npz", "gazetteer.tsv"):  # both stages and the gazetteer snapshot
        assert (out / name).read_bytes() == (MODEL_DIR / name).read_bytes(), name
    assert rebuilt["dev"]["overall"]["f1"] >= 0.70
