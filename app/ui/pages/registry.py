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
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

PageFactory = Callable[["MainWindow"], QWidget]


def page_factories() -> dict[str, PageFactory]:
    """Page key (see ``main_window.PAGES``) -> factory; pages missing here are placeholders."""
    factories: dict[str, PageFactory] = {}
    from app.ui.pages.one_on_ones import OneOnOnesPage  # issue 7
    from app.ui.pages.plans import PlansPage  # issue 7
    factories.update(one_on_ones=OneOnOnesPage, plans=PlansPage)
    from app.ui.pages.imports import ImportsPage  # issue 3

    factories["imports"] = ImportsPage
    from app.ui.pages.quality import QualityPage  # issue 5
    factories["quality"] = QualityPage
    from app.ui.pages.dashboard import DashboardPage  # issue 4
    factories["dashboard"] = DashboardPage
    from app.ui.pages.calibration import CalibrationPage  # issue 6
    factories["calibration"] = CalibrationPage
    return factories


def profile_tab_factories() -> list[tuple[str, PageFactory]]:
    """(tab title, factory) for the Team page's agent profile, in tab order."""
    tabs: list[tuple[str, PageFactory]] = []
    from app.ui.pages.one_on_ones_tab import OneOnOnesTab  # issue 7
    from app.ui.pages.plans import make_plans_tab  # issue 7
    tabs += [("One-on-ones", OneOnOnesTab), ("Plans", make_plans_tab)]
    from app.ui.pages.quality_profile import QualityProfileTab  # issue 5
    tabs.append(("Quality", QualityProfileTab))
    from app.ui.pages.dashboard_agent import AgentMetricsTab  # issue 4
    tabs.append(("Metrics", AgentMetricsTab))
    return tabs
