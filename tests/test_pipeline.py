from __future__ import annotations

import pytest

from marsad.document import Document
from marsad.errors import PipelineError
from marsad.pipeline import build_pipeline, register, registered_steps


@register("testing_tags.v1", requires=["text"], assigns=["test_tags"])
def _tags(doc: Document) -> None:
    doc.meta.warnings.append("tagged")


@register("testing_needs_tags.v1", requires=["test_tags", "sentences"], assigns=[])
def _needs_tags(doc: Document) -> None:
    doc.meta.warnings.append("used tags")


def test_default_pipeline_builds_and_records_steps() -> None:
    pipeline = build_pipeline()
    doc = pipeline(Document("قال الوزير إن الحكومة لن تتراجع. وأضاف أن القرار نهائي."))
    assert doc.steps_run == pipeline.names
    assert doc.to_dict()["pipeline"]["steps"] == pipeline.names
    assert doc.to_dict()["pipeline"]["version"]


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["no_such.v1"], "unknown step 'no_such.v1'"),
        (["testing_needs_tags.v1"], "requires sentences, test_tags"),
        (["sentences.v1", "testing_needs_tags.v1"], "add one of testing_tags.v1"),
    ],
)
def test_unmet_needs_fail_at_build_time(names: list[str], message: str) -> None:
    with pytest.raises(PipelineError, match=message):
        build_pipeline(names)


def test_requirements_met_by_earlier_steps() -> None:
    pipeline = build_pipeline(["testing_tags.v1", "sentences.v1", "testing_needs_tags.v1"])
    doc = pipeline(Document("خبر قصير."))
    assert doc.meta.warnings == ["tagged", "used tags"]


@pytest.mark.parametrize("bad", ["sentences", "sentences.1", ".v1", "x.vv"])
def test_step_names_must_be_versioned(bad: str) -> None:
    with pytest.raises(PipelineError, match="must look like"):
        register(bad)


def test_every_registered_step_declares_versioned_name() -> None:
    for name, step in registered_steps().items():
        assert name == step.name
        assert name.rsplit(".", 1)[1].startswith("v")
