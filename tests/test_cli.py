"""The ``marsad`` command, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.contract import contract_problems

ARTICLE = """وزير الداخلية يعلن اعتقال خلية في طرابلس

بيروت - قال وزير الداخلية اللبناني أمس إن قوى الأمن اعتقلت خمسة أشخاص يشتبه بانتمائهم إلى تنظيم "داعش" في طرابلس.

وأضاف الوزير: "كانوا يخططون لتفجير سيارة مفخخة في وسط المدينة".
"""

SEED = """Sorry, you need to enable JavaScript to visit this website.
انفجار يهز العاصمة

بغداد - أعلنت الشرطة العراقية اليوم مقتل ثلاثة أشخاص في انفجار عبوة ناسفة قرب سوق شعبية في العاصمة، وقالت إن التحقيقات جارية لمعرفة الجهة المسؤولة.

وأضاف مصدر أمني أن العبوة كانت مزروعة على جانب الطريق.
© The Independent
المزيد من الشرق الأوسط
"""


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "marsad", *args],
        input=stdin, capture_output=True, text=True, cwd=cwd, timeout=120, check=False,
    )


def records(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_analyze_text_file_writes_valid_record(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run("analyze", str(path))
    assert result.returncode == 0, result.stderr
    [record] = records(result.stdout)
    assert contract_problems(record) == []
    assert record["meta"]["title"] == "وزير الداخلية يعلن اعتقال خلية في طرابلس"  # type: ignore[index]
    assert run("analyze", str(path)).stdout == result.stdout  # same input, same record and id


def test_seed_case_debris_goes_to_removed_and_credits(tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(SEED, encoding="utf-8")
    [record] = records(run("analyze", str(path)).stdout)
    meta = record["meta"]
    assert isinstance(meta, dict)
    debris = ["Sorry, you need to enable JavaScript to visit this website.", "© The Independent",
              "المزيد من الشرق الأوسط"]
    for line in debris:
        assert line in meta["removed"]
        assert line not in str(record["text"])
    assert "The Independent" in meta["source"]["credits"]


def test_stdin_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out" / "records.jsonl"
    result = run("analyze", "-", "-o", str(out), stdin=ARTICLE)
    assert result.returncode == 0, result.stderr
    [record] = records(out.read_text(encoding="utf-8"))
    assert contract_problems(record) == []
    assert run("validate", str(out)).returncode == 0


def test_directory_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    lines = [{"title": "خبر", "content": ARTICLE, "url": "https://example.org/1", "published": "2026-03-02"},
             {"title": "خبر آخر", "text": SEED}]
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    result = run("analyze", str(tmp_path))
    assert result.returncode == 0, result.stderr
    recs = records(result.stdout)
    assert len(recs) == 3
    assert all(contract_problems(r) == [] for r in recs)
    by_url = [r for r in recs if r["meta"]["source"]["url"] == "https://example.org/1"]  # type: ignore[index]
    assert by_url[0]["meta"]["published"] == {"value": "2026-03-02", "precision": "day"}  # type: ignore[index]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n  ", "empty"),
        ("binary.txt", bytes(range(256)) * 20, "binary"),
        ("garbage.txt", b"\xff\xfe\xfa\xfb\x00\x81" * 50, ""),
        ("english.txt", b"The minister said on Monday that the police had arrested five people. " * 5, "arabic"),
        ("nobody.html", b"<html><head><title>x</title></head><body><script>var a=1;</script></body></html>", ""),
        ("data.csv", "عمود,عمود".encode(), "unsupported"),
    ],
)
def test_bad_input_gives_one_line_and_others_continue(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    result = run("analyze", str(bad), str(good))
    assert result.returncode == 0, result.stderr
    assert len(records(result.stdout)) == 1
    assert "Traceback" not in result.stderr
    [line] = [x for x in result.stderr.splitlines() if name in x]
    assert reason in line.lower()
    alone = run("analyze", str(bad))
    assert alone.returncode != 0
    assert "Traceback" not in alone.stderr
    assert len(alone.stderr.strip().splitlines()) == 1


def test_huge_file_is_refused_without_traceback(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = run("analyze", str(huge))
    assert result.returncode != 0
    assert "huge.txt" in result.stderr and "Traceback" not in result.stderr


def test_missing_path_and_bad_pipeline() -> None:
    missing = run("analyze", "/nonexistent/article.txt")
    assert missing.returncode != 0 and "/nonexistent/article.txt" in missing.stderr
    bad = run("analyze", "--pipeline", "tokens.v1,nothing.v9", "-", stdin=ARTICLE)
    assert bad.returncode != 0
    assert "unknown step 'nothing.v9'" in bad.stderr and "Traceback" not in bad.stderr


def test_steps_lists_registered_steps() -> None:
    result = run("steps")
    assert result.returncode == 0
    assert "sentences.v1" in result.stdout and "requires" in result.stdout
