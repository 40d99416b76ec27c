"""Where the package's own files are: templates, fonts and notebooks.

They sit at the top of the repository (templates/, notebooks/) and ship in
the wheel as the packages bulletin.templates and bulletin.notebook_files
(pyproject.toml maps them; bulletin.notebooks is the module that runs them),
so one lookup finds them in a checkout, an
editable install and a plain `pip install .` alike.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path


CHECKOUT = Path(__file__).resolve().parents[2]


def _folder(package: str, checkout_name: str) -> Path:
    # Jinja, WeasyPrint and papermill need real folders; an installed wheel
    # and an editable install both give one.
    try:
        folder = files(package)
    except ModuleNotFoundError:  # src/ on sys.path without an install (benchmarks, scripts)
        return CHECKOUT / checkout_name
    if isinstance(folder, Path):
        return folder
    # templates/ and notebooks/ hold no __init__.py (they are folders for people, not
    # code), so an installed wheel makes them namespace packages, whose files() is a
    # MultiplexedPath over their one folder.
    [location] = find_spec(package).submodule_search_locations
    return Path(location)


TEMPLATES = _folder("bulletin.templates", "templates")
FONTS = TEMPLATES / "fonts"
NOTEBOOKS = _folder("bulletin.notebook_files", "notebooks")
