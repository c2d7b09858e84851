"""The one table of page heuristics (``table.py``) and what is derived from it
(``derived.py``). Import from here."""

from .derived import *  # noqa: F403
from .table import *  # noqa: F403
