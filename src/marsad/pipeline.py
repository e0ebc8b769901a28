"""Steps and pipelines.

A step is a plain callable ``step(doc) -> None`` registered under a versioned name
(``sentences.v1``) that declares which document attributes it ``requires`` and ``assigns``.
``build_pipeline`` checks, before any document is touched, that every requirement is
assigned by an earlier step (or is one of the attributes a new ``Document`` already has),
so a misconfigured pipeline fails at build time with a message naming what is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from marsad.document import Document
from marsad.errors import PipelineError

StepFunc = Callable[[Document], None]

#: Attributes every new Document has before any step runs.
BASE_ATTRIBUTES = frozenset({"text", "meta"})


@dataclass(frozen=True)
class Step:
    name: str
    func: StepFunc
    requires: frozenset[str]
    assigns: frozenset[str]

    def __call__(self, doc: Document) -> None:
        self.func(doc)


_REGISTRY: dict[str, Step] = {}


def register(
    name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()
) -> Callable[[StepFunc], StepFunc]:
    """Decorator: register ``func`` as the step ``name`` (``family.vN``)."""
    family, _, version = name.rpartition(".")
    if not family or not version.startswith("v") or not version[1:].isdigit():
        raise PipelineError(f"step name {name!r} must look like 'family.v1'")

    def decorate(func: StepFunc) -> StepFunc:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise PipelineError(f"step {name!r} is registered twice; bump its version instead")
        _REGISTRY[name] = Step(name, func, frozenset(requires), frozenset(assigns))
        return func

    return decorate


def registered_steps() -> dict[str, Step]:
    """All registered steps by name (importing ``marsad.steps`` registers the built-in ones)."""
    import marsad.steps  # noqa: F401  (registers the built-in steps on first use)

    return dict(_REGISTRY)


class Pipeline:
    """An ordered, validated list of steps. Call it on a Document, or ``pipe`` many."""

    def __init__(self, steps: Sequence[Step], version: str) -> None:
        self.steps = tuple(steps)
        self.version = version

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.steps]

    def __call__(self, doc: Document) -> Document:
        doc.version = self.version
        for step in self.steps:
            step(doc)
            doc.steps_run.append(step.name)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)


def build_pipeline(names: Sequence[str] | None = None) -> Pipeline:
    """Build a pipeline from step names (default: ``marsad.steps.DEFAULT_PIPELINE``)."""
    from marsad import __version__
    from marsad.steps import DEFAULT_PIPELINE

    registry = registered_steps()
    chosen = list(names) if names else list(DEFAULT_PIPELINE)
    available = set(BASE_ATTRIBUTES)
    steps: list[Step] = []
    for name in chosen:
        step = registry.get(name)
        if step is None:
            known = ", ".join(sorted(registry))
            raise PipelineError(f"unknown step {name!r}; registered steps are: {known}")
        missing = step.requires - available
        if missing:
            providers = sorted(s.name for s in registry.values() if s.assigns & missing)
            hint = f"; add one of {', '.join(providers)} before it" if providers else ""
            raise PipelineError(
                f"step {name!r} requires {', '.join(sorted(missing))}, which no earlier step assigns{hint}"
            )
        available |= step.assigns
        steps.append(step)
    return Pipeline(steps, __version__)
