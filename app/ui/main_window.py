"""The main window: navigation on the left, one page at a time, menus and a status bar.

The window is handed an open ``Database`` and a ``JobRunner`` by the composition root
(``app.ui.launch``); it never opens databases itself. Pages hear about changes through
``data_changed`` (a set of ``Change`` areas) and decide for themselves what to redraw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app import APP_NAME, __version__
from app.application import Database
from app.config import Settings
from app.services import Change, roster
from app.ui.database_actions import DatabaseActions
from app.ui.jobs import JobRunner
from app.ui.pages.agent_profile import LazyTab
from app.ui.pages.placeholder import PlaceholderPage
from app.ui.pages.registry import page_factories, profile_tab_factories
from app.ui.pages.team import TeamPage


@dataclass(frozen=True)
class PageInfo:
    key: str
    title: str
    sentence: str = ""


PAGES = (
    PageInfo("team", "Team"),
    PageInfo("dashboard", "Dashboard",
             "Your team's service metrics — CSAT, first reply and resolution times, SLA "
             "compliance and more, each with its sample size and interval — will appear "
             "here once ticket exports are imported."),
    PageInfo("quality", "Quality",
             "QA scorecards and conversation reviews, with each agent's Internal Quality "
             "Score, will be kept here."),
    PageInfo("calibration", "Calibration",
             "Calibration sessions, where graders score the same conversations blind and "
             "then compare, will be run from here."),
    PageInfo("one_on_ones", "One-on-ones",
             "Agendas, talking points, notes and action items for each agent's "
             "one-on-ones will be kept here."),
    PageInfo("plans", "Plans",
             "Performance improvement plans and probation checklists, with their "
             "check-ins and sign-off, will be tracked here."),
    PageInfo("imports", "Imports",
             "Ticket exports from Zendesk, Freshdesk, ServiceNow and other platforms will "
             "be imported here. A roster spreadsheet can be imported already."),
    PageInfo("reports", "Reports",
             "Review packets for performance reviews, written to Excel, will be made here."),
)


class _LazyPages(dict):
    """Page key -> page widget; looking up a page not built yet builds it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._window = window

    def __missing__(self, key: str) -> QWidget:
        page = self._window._build_page(key)
        self[key] = page
        return page


class MainWindow(QMainWindow):
    data_changed = Signal(object, object)  # a set of Change areas; the page that changed it
    database_switch_requested = Signal(str)  # path of another database to open

    def __init__(self, database: Database, jobs: JobRunner,
                 today: Callable[[], date] = date.today, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.jobs = jobs
        self.today = today
        self.settings = settings
        self.setWindowTitle(f"{APP_NAME} {__version__} — "
                            f"{database.path.name if database.path else database.url}")
        self.setMinimumSize(QSize(960, 600))
        self.resize(1280, 800)

        self.nav = QListWidget(objectName="navigation")
        self.nav.setFixedWidth(184)
        self.nav.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.stack = QStackedWidget(objectName="pages")
        self._factories: dict[str, Callable[[MainWindow], QWidget]] = {}
        self._build_pages()
        self.nav.currentRowChanged.connect(self._on_page_chosen)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.db_actions = DatabaseActions(self)
        self._build_menus()
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.data_changed.connect(self._on_data_changed)
        self._update_status()
        self.nav.setCurrentRow(0)
        self._restore_geometry()

    # ------------------------------------------------------------------ building

    def _build_pages(self) -> None:
        """The Team page is built at once; every other page when first shown (see
        ``_LazyPages``), so start-up pays only for what the manager opens."""
        factories = page_factories()
        self.pages = _LazyPages(self)
        for index, info in enumerate(PAGES):
            if info.key == "team":
                page = TeamPage(self.database.session_factory, today=self.today)
                page.roster_changed.connect(
                    lambda p=page: self.notify({Change.ROSTER}, origin=p))
                page.import_roster_requested.connect(self.import_roster)
                page.profile.packet_requested.connect(self.export_packet)
                self.pages[info.key] = page
                self.stack.addWidget(page)
            else:
                self._factories[info.key] = factories.get(info.key) or (
                    lambda _window, info=info: PlaceholderPage(info.title, info.sentence))
                self.stack.addWidget(QWidget())  # a slot until the page is built
            item = QListWidgetItem(info.title)
            item.setToolTip(f"{info.title} (Ctrl+{index + 1})")
            item.setSizeHint(QSize(0, 38))
            self.nav.addItem(item)
        for title, factory in profile_tab_factories():
            self.team_page.profile.add_tab(LazyTab(lambda f=factory: f(self)), title)

    def _build_page(self, key: str) -> QWidget:
        index = [info.key for info in PAGES].index(key)
        page = self._factories.pop(key)(self)
        slot = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(slot)
        slot.deleteLater()
        self.stack.setCurrentIndex(current)
        return page

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self._action("&New database…", self.db_actions.new_database))
        file_menu.addAction(self._action("&Open database…", self.db_actions.open_database,
                                         QKeySequence.StandardKey.Open))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Backup…", self.db_actions.backup,
                                         QKeySequence("Ctrl+Shift+S")))
        file_menu.addAction(self._action("&Restore from backup…", self.db_actions.restore))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Import roster…", self.import_roster,
                                         QKeySequence("Ctrl+Shift+I")))
        file_menu.addSeparator()
        quit_action = self._action("&Quit", self.close, QKeySequence("Ctrl+Q"))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)

        go_menu = self.menuBar().addMenu("&Go")
        for index, info in enumerate(PAGES):
            action = self._action(info.title, lambda _=False, i=index: self.nav.setCurrentRow(i),
                                  QKeySequence(f"Ctrl+{index + 1}"))
            go_menu.addAction(action)
            self.addAction(action)  # works even where the menu bar is native or hidden

        help_menu = self.menuBar().addMenu("&Help")
        about = self._action(f"&About {APP_NAME}", self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

    def _action(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    # ------------------------------------------------------------------- actions

    def _on_page_chosen(self, index: int) -> None:
        """Show the page and put the keyboard inside it, so its own shortcuts (Ctrl+N,
        Ctrl+F on the Team page) work at once, not after a Tab out of the navigation."""
        page = self.pages[PAGES[index].key]  # builds it on the first visit
        self.stack.setCurrentIndex(index)
        if hasattr(page, "focus_default"):
            page.focus_default()
        else:
            page.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._on_page_chosen(self.nav.currentRow())

    def show_page(self, key: str) -> QWidget:
        index = [info.key for info in PAGES].index(key)
        self.nav.setCurrentRow(index)
        return self.pages[key]

    def export_packet(self, agent_id: int) -> None:
        """One click from a person's record to their review packet (the Reports page's
        export dialog, with the agent chosen)."""
        self.show_page("reports").export_packet(agent_id)

    @property
    def team_page(self) -> TeamPage:
        return self.pages["team"]  # type: ignore[return-value]

    def notify(self, changes: set[Change], origin: QWidget | None = None) -> None:
        """Tell every page what changed; called after any write. ``origin`` is the page
        that made the change and has already redrawn itself."""
        self.data_changed.emit(set(changes), origin)

    def _on_data_changed(self, changes: set[Change], origin: QWidget | None) -> None:
        if changes & {Change.ROSTER, Change.DATABASE} and origin is not self.team_page:
            self.team_page.refresh()
        self._update_status()

    def _update_status(self) -> None:
        count = roster.count_agents(self.database.session_factory)
        name = self.database.path.name if self.database.path else "database server"
        self.count_label.setText(f"{count} agent{'s' if count != 1 else ''}  ·  {name}  ")
        self.count_label.setToolTip(self.database.display_name)

    def import_roster(self) -> None:
        from app.ui.dialogs.roster_import_dialog import RosterImportDialog

        dialog = RosterImportDialog(self.database.session_factory, self.jobs,
                                    today=self.today(), parent=self)
        dialog.roster_changed.connect(lambda: self.notify({Change.ROSTER}))
        dialog.exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>An offline workbench for customer-service managers: the team roster, "
            "one-on-ones, QA scorecards and calibration, improvement plans, metrics and "
            "review packets.</p>"
            "<p>Everything stays on this computer, in one database file:<br>"
            f"<code>{self.database.display_name}</code></p>")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.jobs.busy:
            answer = QMessageBox.question(
                self, "Work in progress",
                "An import or export is still running. Cancel it and quit? "
                "Nothing half-done is saved.")
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.jobs.cancel_all()
        if self.settings is not None:
            self.settings.set("window_geometry", self.saveGeometry().toBase64().data().decode())
        event.accept()

    def _restore_geometry(self) -> None:
        """Open where the user left the window last time (a bad value is ignored)."""
        saved = self.settings.get("window_geometry") if self.settings else None
        if isinstance(saved, str):
            self.restoreGeometry(QByteArray.fromBase64(saved.encode()))
