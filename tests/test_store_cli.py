"""``marsad analyze --db``, ``marsad ingest`` and ``marsad doctor`` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from marsad.cli import cli
from marsad.store import open_store

ARTICLE_1 = ("بغداد - قالت وزارة الداخلية العراقية أمس إن انفجار سيارة مفخخة في بغداد أسفر عن مقتل خمسة أشخاص "
             "وإصابة عشرة آخرين.")
ARTICLE_2 = "الموصل - تظاهر مئات من أهالي الموصل أمام مبنى المحافظة مطالبين بإعادة الخدمات والكهرباء."


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    one = tmp_path / "one.txt"
    one.write_text(ARTICLE_1, encoding="utf-8")
    lines = tmp_path / "two.jsonl"
    lines.write_text(json.dumps({"title": "تظاهرة", "content": ARTICLE_2, "published": "2015-08-02"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    return one, lines


def test_analyze_db_ingest_and_doctor(store_target: str, tmp_path: Path) -> None:
    one, lines = _inputs(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["analyze", str(one), str(lines), "--db", store_target])
    assert result.exit_code == 0, result.output
    assert "stored 2 document(s)" in result.output
    assert not [line for line in result.stdout.splitlines() if line.startswith("{")]  # no JSONL on stdout
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["analyze", str(one), "--db", store_target, "-o", str(out)])
    assert result.exit_code == 0 and len(out.read_text(encoding="utf-8").splitlines()) == 1
    result = runner.invoke(cli, ["ingest", str(one), str(lines), "--db", store_target])
    assert result.exit_code == 0, result.output
    with open_store(store_target) as store:
        stats = store.stats()
        assert stats["documents"] == 2 and stats["runs"] == 3
        assert store.search("بالموصل").count == 1
        hit = store.search("المفخخة").data[0]
        assert store.original(hit["id"]) == ARTICLE_1.encode()
        other = store.search("الموصل").data[0]
        assert json.loads(store.original(other["id"]).decode())["content"] == ARTICLE_2
    result = runner.invoke(cli, ["doctor", "--db", store_target])
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.output


def test_doctor_refuses_a_foreign_file(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("ليست قاعدة بيانات", encoding="utf-8")
    result = CliRunner().invoke(cli, ["doctor", "--db", str(bad)])
    assert result.exit_code != 0
    assert "not a marsad database" in str(result.exception) + result.output
