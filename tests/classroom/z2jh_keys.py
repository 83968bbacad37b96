"""The zero-to-jupyterhub chart options deploy/values.yaml relies on, with their allowed types.

Derived by hand from the chart's values schema (jupyterhub/values.schema.yaml of
github.com/jupyterhub/zero-to-jupyterhub-k8s at commit af3f22497ae3, chart 4.x), which helm
uses to reject unknown keys (``additionalProperties: false`` at the top, under ``hub`` and
under ``singleuser``). FREE_FORM options take any content (traitlets config, env vars,
Python snippets, Kubernetes volume specs) and are not looked into.
"""

from __future__ import annotations

# path -> allowed YAML types (JSON Schema names), or allowed values for an enum
TYPED: dict[str, tuple[str, ...]] = {
    "hub": ("object",),
    "hub.db": ("object",),
    "hub.db.type": ("enum:sqlite-pvc", "enum:sqlite-memory", "enum:mysql", "enum:postgres", "enum:other"),
    "singleuser": ("object",),
    "singleuser.image": ("object",),
    "singleuser.image.name": ("string",),
    "singleuser.image.tag": ("string",),
    "singleuser.defaultUrl": ("string", "null"),
    "singleuser.uid": ("integer", "null"),
    "singleuser.fsGid": ("integer", "null"),
    "singleuser.storage": ("object",),
    "singleuser.storage.type": ("enum:dynamic", "enum:static", "enum:none"),
    "singleuser.storage.capacity": ("string", "null"),
    "singleuser.storage.extraVolumes": ("object", "array", "null"),
    "singleuser.storage.extraVolumeMounts": ("object", "array", "null"),
    "singleuser.memory": ("object",),
    "singleuser.memory.guarantee": ("number", "string", "null"),
    "singleuser.memory.limit": ("number", "string", "null"),
    "singleuser.cpu": ("object",),
    "singleuser.cpu.guarantee": ("number", "null"),
    "singleuser.cpu.limit": ("number", "null"),
    "cull": ("object",),
    "cull.enabled": ("boolean",),
    "cull.timeout": ("integer", "null"),
    "cull.every": ("integer", "null"),
    "scheduling": ("object",),
    "scheduling.userScheduler": ("object",),
    "scheduling.userScheduler.enabled": ("boolean",),
}

# hub.config: only keys that are class names starting with a capital (patternProperties ^[A-Z]).
FREE_FORM = {
    "hub.config": ("object",),
    "hub.extraEnv": ("object", "array"),
    "hub.extraConfig": ("object",),
    "singleuser.extraEnv": ("object", "array"),
}
