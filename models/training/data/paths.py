"""Where the repository, its cache and the team's shared data are (mirrors electron/core/paths.ts)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
CACHE_DATA_DIR = REPO_ROOT / "cache" / "data"


def shared_data_dir() -> Path:
    """../shared/data beside the repository; FACE_DEBLUR_SHARED overrides the shared folder."""
    shared = os.environ.get("FACE_DEBLUR_SHARED")
    return (Path(shared) if shared else REPO_ROOT.parent / "shared").resolve() / "data"
