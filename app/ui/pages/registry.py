"""Which module builds which page and which agent-profile tab.

Each feature adds its page here with one line, so the main window needs no edit.

A page factory takes the ``MainWindow`` and returns the page widget. Through the window a
page reaches ``window.database.session_factory``, ``window.jobs`` (background work),
``window.today()``, ``window.notify(changes, origin=page)`` after it wrote, and the
``window.data_changed`` signal (a set of ``Change`` areas, the page that changed them) to
redraw when another page changed its data. A page may define ``focus_default()``.

A profile-tab factory takes the window and returns a widget with ``show_agent(row)``
(``row`` an ``AgentRow`` or None), called whenever the Team page selects another agent.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
PageFactory = Callable[["MainWindow"], QWidget]


def _lazy(module: str, name: str) -> PageFactory:
    """A factory that imports its module only when the page is first built: pages pull in
    pyqtgraph, openpyxl and their services, and start-up should not pay for pages the
    manager does not open."""

    def build(window: MainWindow) -> QWidget:
        return getattr(import_module(module), name)(window)

    return build


def page_factories() -> dict[str, PageFactory]:
    """Page key (see ``main_window.PAGES``) -> factory; pages missing here are placeholders."""
    return {
        "dashboard": _lazy("app.ui.pages.dashboard", "DashboardPage"),  # issue 4
        "quality": _lazy("app.ui.pages.quality", "QualityPage"),  # issue 5
        "calibration": _lazy("app.ui.pages.calibration", "CalibrationPage"),  # issue 6
        "one_on_ones": _lazy("app.ui.pages.one_on_ones", "OneOnOnesPage"),  # issue 7
        "plans": _lazy("app.ui.pages.plans", "PlansPage"),  # issue 7
        "imports": _lazy("app.ui.pages.imports", "ImportsPage"),  # issue 3
        "reports": _lazy("app.ui.pages.reports", "ReportsPage"),  # issue 8
    }


def profile_tab_factories() -> list[tuple[str, PageFactory]]:
    """(tab title, factory) for the Team page's agent profile, in tab order. Each is built
    the first time its tab is shown."""
    return [
        ("One-on-ones", _lazy("app.ui.pages.one_on_ones_tab", "OneOnOnesTab")),  # issue 7
        ("Plans", _lazy("app.ui.pages.plans", "make_plans_tab")),  # issue 7
        ("Quality", _lazy("app.ui.pages.quality_profile", "QualityProfileTab")),  # issue 5
        ("Metrics", _lazy("app.ui.pages.dashboard_agent", "AgentMetricsTab")),  # issue 4
    ]
