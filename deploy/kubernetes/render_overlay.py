"""Render a Kustomize directory without the kustomize binary, for the subset Lattice uses.

    python deploy/kubernetes/render_overlay.py deploy/kubernetes/overlays/prod > prod.yaml

Supported: ``resources`` (files and directories), ``namespace``, ``images`` (newName, newTag,
digest) and ``patches`` (strategic-merge patches from ``path``, applied by name or to a ``target``
chosen by kind, name and an equality ``labelSelector``). Anything else in a kustomization raises
:class:`UnsupportedKustomizationError` rather than being ignored, and a patch that matches
nothing is an error. Strategic merge follows Kubernetes for the lists this repository patches:
containers, volumes and env by ``name``, volumeMounts by ``mountPath`` (in workload kinds); other
lists are replaced, as kustomize does for custom resources. ``tests/test_deploy_manifests.py``
compares the output with ``kubectl kustomize`` whenever kubectl is installed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from copy import deepcopy
from pathlib import Path
from typing import Any

import yaml

Manifest = dict[str, Any]

_KUSTOMIZATION_KEYS = {"apiVersion", "kind", "resources", "namespace", "images", "patches"}
_PATCH_KEYS = {"path", "target"}
_TARGET_KEYS = {"kind", "name", "labelSelector"}
_IMAGE_KEYS = {"name", "newName", "newTag", "digest"}
_CLUSTER_SCOPED = {
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PersistentVolume",
    "StorageClass",
    "PriorityClass",
}
_WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "ReplicaSet"}
_MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "volumes": "name",
    "env": "name",
    "volumeMounts": "mountPath",
}


class UnsupportedKustomizationError(ValueError):
    """The kustomization uses a feature this renderer does not implement."""


def render(directory: Path) -> list[Manifest]:
    kustomization = _load_one(directory / "kustomization.yaml")
    unknown = set(kustomization) - _KUSTOMIZATION_KEYS
    if unknown:
        raise UnsupportedKustomizationError(f"{directory}: unsupported fields {sorted(unknown)}")
    manifests: list[Manifest] = []
    for entry in kustomization.get("resources", []):
        path = directory / entry
        manifests += render(path) if path.is_dir() else list(_load_all(path))
    for patch in kustomization.get("patches", []):
        _apply_patch(manifests, directory, patch)
    for image in kustomization.get("images", []):
        _set_image(manifests, image)
    if "namespace" in kustomization:
        for manifest in manifests:
            if manifest["kind"] not in _CLUSTER_SCOPED:
                manifest["metadata"]["namespace"] = kustomization["namespace"]
    return manifests


def identity(manifest: Manifest) -> tuple[str, str, str, str]:
    metadata = manifest["metadata"]
    return (
        manifest["apiVersion"],
        manifest["kind"],
        metadata.get("namespace", ""),
        metadata["name"],
    )


def strategic_merge(original: Any, patch: Any, *, workload: bool, field: str = "") -> Any:
    if isinstance(original, dict) and isinstance(patch, dict):
        merged = dict(original)
        for key, value in patch.items():
            if value is None:
                merged.pop(key, None)
            elif key in merged:
                merged[key] = strategic_merge(merged[key], value, workload=workload, field=key)
            else:
                merged[key] = deepcopy(value)
        return merged
    merge_key = _MERGE_KEYS.get(field) if workload else None
    if isinstance(original, list) and isinstance(patch, list) and merge_key:
        merged_list = [deepcopy(item) for item in original]
        added: list[Any] = []  # kustomize puts the items a patch adds before the original ones
        for item in patch:
            position = next(
                (i for i, old in enumerate(merged_list) if old.get(merge_key) == item[merge_key]),
                None,
            )
            if position is None:
                added.append(deepcopy(item))
            else:
                merged_list[position] = strategic_merge(
                    merged_list[position], item, workload=workload
                )
        return added + merged_list
    return deepcopy(patch)


def _apply_patch(manifests: list[Manifest], directory: Path, patch: dict[str, Any]) -> None:
    unknown = set(patch) - _PATCH_KEYS
    if unknown or "path" not in patch:
        raise UnsupportedKustomizationError(f"{directory}: patch {patch} (only path and target)")
    body = _load_one(directory / patch["path"])
    target = patch.get("target")
    if target is None:
        chosen = [
            m
            for m in manifests
            if m["kind"] == body["kind"] and m["metadata"]["name"] == body["metadata"]["name"]
        ]
        change = body
    else:
        if set(target) - _TARGET_KEYS:
            raise UnsupportedKustomizationError(f"{directory}: patch target {target}")
        chosen = [m for m in manifests if _selected(m, target)]
        change = {k: v for k, v in body.items() if k not in ("apiVersion", "kind", "metadata")}
        if set(body.get("metadata", {})) - {"name"}:
            change["metadata"] = {k: v for k, v in body["metadata"].items() if k != "name"}
    if not chosen:
        raise ValueError(f"{directory}: patch {patch['path']} matches no resource")
    for manifest in chosen:
        merged = strategic_merge(manifest, change, workload=manifest["kind"] in _WORKLOADS)
        manifest.clear()
        manifest.update(merged)


def _selected(manifest: Manifest, target: dict[str, str]) -> bool:
    if "kind" in target and manifest["kind"] != target["kind"]:
        return False
    if "name" in target and manifest["metadata"]["name"] != target["name"]:
        return False
    labels = manifest["metadata"].get("labels", {})
    for requirement in filter(None, target.get("labelSelector", "").split(",")):
        key, sep, value = requirement.partition("=")
        if not sep or "!" in key:
            raise UnsupportedKustomizationError(f"label selector {requirement!r}: only key=value")
        if labels.get(key.strip()) != value.strip():
            return False
    return True


def _set_image(manifests: list[Manifest], image: dict[str, str]) -> None:
    if set(image) - _IMAGE_KEYS:
        raise UnsupportedKustomizationError(f"image {image}")
    for container in _containers(manifests):
        name, tag = _split_image(container["image"])
        if name != image["name"]:
            continue
        new = image.get("newName", name)
        if "digest" in image:
            container["image"] = f"{new}@{image['digest']}"
        elif "newTag" in image:
            container["image"] = f"{new}:{image['newTag']}"
        else:
            container["image"] = new + tag


def _split_image(reference: str) -> tuple[str, str]:
    """'repo/name:tag' -> ('repo/name', ':tag'); a registry port is not a tag."""
    for separator in ("@", ":"):
        head, sep, tail = reference.rpartition(separator)
        if sep and "/" not in tail:
            return head, sep + tail
    return reference, ""


def _containers(manifests: Iterable[Manifest]) -> Iterator[dict[str, Any]]:
    for manifest in manifests:
        spec = manifest.get("spec", {})
        pod = spec.get("template", {}).get("spec", {}) if manifest["kind"] != "Pod" else spec
        if manifest["kind"] == "CronJob":
            pod = spec["jobTemplate"]["spec"]["template"]["spec"]
        yield from pod.get("initContainers", [])
        yield from pod.get("containers", [])


def _load_all(path: Path) -> Iterator[Manifest]:
    for document in yaml.safe_load_all(path.read_text()):
        if document:
            yield document


def _load_one(path: Path) -> Manifest:
    documents = list(_load_all(path))
    if len(documents) != 1:
        raise UnsupportedKustomizationError(
            f"{path}: expected one document, found {len(documents)}"
        )
    return documents[0]


if __name__ == "__main__":
    yaml.safe_dump_all(render(Path(sys.argv[1])), sys.stdout, sort_keys=False)
