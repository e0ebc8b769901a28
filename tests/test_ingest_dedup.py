"""marsad.ingest.dedup: exact and near-duplicate articles, persistence, and their use in analysis."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.api import analyze_paths
from marsad.document import Document
from marsad.ingest.dedup import DuplicateIndex
from marsad.settings import Settings

STORY = (
    "أعلنت وزارة الداخلية أن قوات الأمن أحبطت هجوماً كانت خلية مسلحة تخطط لتنفيذه ضد مركز تسوق في العاصمة، "
    "واعتقلت خمسة من أعضائها في مداهمات متزامنة فجر الثلاثاء. وقال المتحدث باسم الوزارة في مؤتمر صحافي إن "
    "الخلية كانت تعد متفجرات في منزل مستأجر على أطراف المدينة، وإن التحقيقات كشفت اتصالات بين أعضائها وقياديين "
    "في الخارج. وأضاف أن الأجهزة الأمنية ضبطت أسلحة خفيفة وأحزمة ناسفة وأجهزة اتصال، مشيراً إلى أن عمليات "
    "البحث ما زالت جارية عن مشتبه به سادس فر قبل وصول القوة. وتشهد البلاد منذ أشهر تشديداً للإجراءات الأمنية "
    "حول المراكز التجارية والمؤسسات الحكومية بعد تحذيرات من هجمات محتملة."
)
# The same wire story as another outlet runs it: dateline, a few words changed, last sentence cut.
COPY = ("عمّان - (وكالات) - " + STORY.replace("فجر الثلاثاء", "صباح الثلاثاء").replace("خفيفة", "متنوعة")
        .rsplit(" وتشهد", 1)[0])
# Same topic, another story.
OTHER = (
    "قالت وزارة الداخلية إن محكمة أمن الدولة أصدرت أحكاماً بالسجن على ثمانية متهمين بالانتماء إلى تنظيم "
    "مسلح، بعد محاكمة استمرت أشهراً. وأوضح المتحدث باسم الوزارة أن المتهمين أدينوا بالتخطيط لاستهداف "
    "دوريات للشرطة على الطريق الصحراوي وتمويل عناصر في الخارج، وأن أحدهم حكم عليه غيابياً. وأضاف أن "
    "المحكمة برأت متهمين اثنين لعدم كفاية الأدلة، وأن الأحكام قابلة للطعن أمام محكمة التمييز خلال ثلاثين يوماً."
)


def test_near_copy_is_found_and_unrelated_story_is_not() -> None:
    index = DuplicateIndex()
    assert index.check_and_add("first", STORY) is None
    found = index.check_and_add("copy", COPY)
    assert found is not None and found.of == "first" and found.kind == "near"
    assert index.check_and_add("other", OTHER) is None


@pytest.mark.parametrize("variant", [
    STORY.replace("أعلنت", "اعلنت").replace("هجوماً", "هجوما"),  # hamza and tanween spelling
    STORY.replace(" ", "  ").replace("،", " ،"),  # spacing and punctuation
    "ـ".join(STORY.split("ـ")).replace("الداخلية", "الداخليه"),  # ta marbuta as ha
])
def test_spelling_variants_are_exact_duplicates(variant: str) -> None:
    index = DuplicateIndex()
    index.add("first", STORY)
    found = index.check(variant)
    assert found is not None and found.kind == "exact"


def test_short_texts_only_match_exactly() -> None:
    index = DuplicateIndex()
    index.add("a", "انفجار في العاصمة")
    assert index.check("انفجار في العاصمة صباح اليوم") is None
    assert index.check("انفجار في العاصمة") is not None


def test_index_survives_save_and_load(tmp_path: Path) -> None:
    index = DuplicateIndex()
    index.add("first", STORY)
    index.add("other", OTHER)
    index.save(tmp_path / "dedup.npz")
    loaded = DuplicateIndex.load(tmp_path / "dedup.npz")
    assert len(loaded) == 2
    found = loaded.check(COPY)
    assert found is not None and found.of == "first"


def test_analysis_links_copies_to_the_first_and_skips_them(tmp_path: Path) -> None:
    for name, text in (("1.txt", STORY), ("2.txt", COPY), ("3.txt", OTHER)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    docs = [d for d in analyze_paths([str(tmp_path)]) if isinstance(d, Document)]
    assert len(docs) == 3
    first, copy, other = docs
    assert copy.meta.duplicate_of == first.id and copy.steps_run == [] and copy.entities == []
    assert "duplicate of" in copy.meta.warnings[-1]
    assert first.meta.duplicate_of is None and other.meta.duplicate_of is None and other.steps_run
    again = [d for d in analyze_paths([str(tmp_path)], settings=Settings(dedup=False)) if isinstance(d, Document)]
    assert all(d.meta.duplicate_of is None and d.steps_run for d in again)
