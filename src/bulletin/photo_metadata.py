"""What a photo's own metadata says about the people in it (IPTC Photo Metadata, in XMP).

Cameras and photo desks record a model release in the file: PLUS's Model
Release Status (plus:ModelReleaseStatus, "MR-NON" = none, "MR-NAP" = not
applicable, "MR-LMR" = limited, "MR-UMR" = unlimited), Minor Model Age
Disclosure (plus:MinorModelAgeDisclosure, "AG-U14" = under 14, ...) and
Person Shown in the Image (Iptc4xmpExt:PersonInImage). These three exist only
in XMP: the older IPTC-IIM record has no field for them, so it is not read.
Pillow parses the XMP packet with defusedxml (`Image.getxmp`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Model release statuses that say no one signed a release (the value is a URI ending
# in the code, or the code, or the word a tool writes for it).
_REFUSED = {"mr-non", "none"}
_UNDER_AGE = ("ag-u",)  # AG-U14, AG-U15, ...: the youngest model is under that age


@dataclass(frozen=True)
class Release:
    status: str | None  # the Model Release Status as written, e.g. "MR-NON"
    minor_age: str | None  # the Minor Model Age Disclosure, e.g. "AG-U14"
    persons: tuple[str, ...]  # Person Shown in the Image

    @property
    def refused(self) -> bool:
        return self.status is not None and _code(self.status) in _REFUSED

    @property
    def minor(self) -> bool:
        return self.minor_age is not None and _code(self.minor_age).startswith(_UNDER_AGE)

    @property
    def minor_code(self) -> str:
        return _code(self.minor_age or "").upper()

    @property
    def says(self) -> str:
        return f"Model Release Status {_code(self.status).upper()} (no release)"


def release_status(path: Path) -> Release | None:
    """What `path`'s XMP says of its models; None when it says nothing of them."""
    return _read(Path(path), Path(path).stat().st_mtime_ns)


@functools.lru_cache(maxsize=1024)
def _read(path: Path, _mtime: int) -> Release | None:
    from PIL import Image

    try:
        with Image.open(path) as image:
            xmp = image.getxmp() if hasattr(image, "getxmp") else {}
    except Exception:  # noqa: BLE001 - an unreadable photo is check's other rule to report
        return None
    status = _first(xmp, "ModelReleaseStatus")
    minor = _first(xmp, "MinorModelAgeDisclosure")
    persons = tuple(_texts(_find(xmp, "PersonInImage")))
    if status is None and minor is None and not persons:
        return None
    return Release(status, minor, persons)


def _code(value: str) -> str:
    return value.rstrip("/").rsplit("/", 1)[-1].strip().casefold()


def _find(node: Any, key: str) -> Any:
    """The first value under `key` anywhere in Pillow's XMP dict (namespaces stripped)."""
    if isinstance(node, dict):
        if key in node:
            return node[key]
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            found = _find(item, key)
            if found is not None:
                return found
    return None


def _texts(value: Any) -> list[str]:
    """The text values of an XMP property: plain, an rdf:Bag/Seq/Alt, or a resource."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    if isinstance(value, dict):
        for key in ("Bag", "Seq", "Alt", "li", "resource", "text"):
            if key in value:
                return _texts(value[key])
    return []


def _first(xmp: dict, key: str) -> str | None:
    texts = _texts(_find(xmp, key))
    return texts[0] if texts else None
