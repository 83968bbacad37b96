"""JSON Schemas for each YAML kind, generated from the models so they never drift."""

from __future__ import annotations

from typing import Any

from .models import Assessment, Module, Scenario


def schemas() -> dict[str, dict[str, Any]]:
    """Schema per file kind: module.yml, scenarios/*.yml, assessments/*.yml."""
    out: dict[str, dict[str, Any]] = {}
    for name, model in (("module", Module), ("scenario", Scenario), ("assessment", Assessment)):
        body = model.model_json_schema()
        body["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[name] = body
    return out
