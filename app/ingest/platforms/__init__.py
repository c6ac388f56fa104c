"""Support-platform profiles, one module each; every module in this package that defines
``PROFILE`` is picked up, so adding a platform is adding one module (see base.py)."""

from __future__ import annotations

import importlib
import pkgutil

from app.errors import BadInputError
from app.ingest.platforms.base import PlatformProfile


def _discover() -> dict[str, PlatformProfile]:
    found: dict[str, PlatformProfile] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name == "base":
            continue
        profile = getattr(importlib.import_module(f"{__name__}.{module.name}"), "PROFILE", None)
        if isinstance(profile, PlatformProfile):
            found[profile.name] = profile
    # The generic profile last: it only wins when nothing specific fits.
    if "generic" in found:
        found["generic"] = found.pop("generic")
    return found


PROFILES: dict[str, PlatformProfile] = _discover()


def get_profile(name: str) -> PlatformProfile:
    """The profile called ``name`` (as given to ``--platform``)."""
    key = str(name).strip().casefold().replace("-", "_").replace(" ", "_")
    if key in PROFILES:
        return PROFILES[key]
    raise BadInputError(f"'{name}' is not a platform Coachbench knows; choose one of "
                        f"{', '.join(PROFILES)}.")


__all__ = ["PROFILES", "PlatformProfile", "get_profile"]
