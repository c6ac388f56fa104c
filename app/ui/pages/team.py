"""The Team page: the roster as a searchable table with the selected agent's profile.

Every write goes through a dialog that calls the roster service; afterwards the page
reloads the roster, keeps (or moves) the selection and emits ``roster_changed`` so the
main window can tell the other pages. Modal dialogs run through ``_exec_dialog`` so tests
can fill and accept them without a nested event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.roster import AgentRow, SessionFactory, delete_agent, list_agents, list_teams
from app.ui.dialogs.agent_dialog import AgentDialog
from app.ui.dialogs.archive_dialog import ArchiveDialog
from app.ui.models.roster_model import (
    HIRE_DATE,
    LEAD,
    NAME,
    ROLE,
    STATUS_FILTERS,
    TEAM,
    TENURE,
    RosterFilterProxy,
    RosterTableModel,
)
from app.ui.pages.agent_profile import AgentProfilePanel
from app.ui.widgets import (
    ElidingComboBox,
    EmptyState,
    ResizingSplitter,
    ResizingTableView,
    fit_table_columns,
    make_primary,
)

# Short enough for the narrowest search box; the tooltip says what is searched.
SEARCH_PLACEHOLDER = "Search agents…  (Ctrl+F)"
SEARCH_TOOLTIP = "Search by name, e-mail, role, team, lead or alias (Ctrl+F)"
# The search box grows with the window between these widths; at the window's minimum
# size the whole toolbar still fits, so nothing overlaps.
SEARCH_MIN_WIDTH, SEARCH_MAX_WIDTH = 200, 380
TEAM_COMBO_MIN_WIDTH = 120
# The profile's share of the splitter grows with the window (its tabs hold tables and
# buttons); never narrower than its tabs need at the minimum window size.
PROFILE_SHARE, PROFILE_MIN_WIDTH = 0.36, 384
# Hidden, in this order, when the roster is too narrow to show names whole (the
# profile beside it shows them all).
GIVE_WAY = (ROLE, HIRE_DATE, TENURE, TEAM, LEAD)

def _plural(n: int) -> str:
    return f"{n} agent" if n == 1 else f"{n} agents"


class TeamPage(QWidget):
    roster_changed = Signal()
    import_roster_requested = Signal()

    def __init__(self, session_factory: SessionFactory,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session_factory = session_factory
        self._today = today
        self.model = RosterTableModel(today(), self)
        self.proxy = RosterFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self._build_actions()
        self.refresh()

    # ------------------------------------------------------------------- building

    def _build(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_edit.setToolTip(SEARCH_TOOLTIP)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(max(
            SEARCH_MIN_WIDTH,
            self.search_edit.fontMetrics().horizontalAdvance(SEARCH_PLACEHOLDER) + 48))
        self.search_edit.setMaximumWidth(SEARCH_MAX_WIDTH)
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding,
                                       QSizePolicy.Policy.Fixed)
        self.status_combo = QComboBox()
        self.status_combo.setToolTip("Which agents to show by status")
        for key, label in STATUS_FILTERS:
            self.status_combo.addItem(label, key)
        # As wide as the longest team name when there is room, narrower (down to a
        # minimum, eliding) when the window is: the toolbar must fit at the minimum size.
        self.team_combo = ElidingComboBox()
        self.team_combo.setToolTip("Show one team only")
        self.team_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.team_combo.setMinimumWidth(TEAM_COMBO_MIN_WIDTH)
        self.team_combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.import_button = QPushButton("Import roster…")
        self.add_button = QPushButton("Add agent")
        self.add_button.setToolTip("Add an agent (Ctrl+N)")
        make_primary(self.add_button)
        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addWidget(self.search_edit, 1)
        toolbar.addWidget(self.status_combo)
        toolbar.addWidget(self.team_combo)
        toolbar.addStretch(0)  # what the search box (stretch 1, up to its maximum) leaves
        toolbar.addWidget(self.import_button)
        toolbar.addWidget(self.add_button)

        self.table = ResizingTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Columns follow the data until the user drags one; from then on their widths stay.
        self._columns_fitted = False
        self._user_sized_columns = False
        self._fitting = False
        self.table.horizontalHeader().sectionResized.connect(self._on_section_resized)
        self.status_label = QLabel(objectName="mutedText")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.status_label)
        self.profile = AgentProfilePanel(self._today)
        self.splitter = ResizingSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.profile)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setHandleWidth(12)
        # The roster elides (with tooltips); the profile follows the window until the
        # user drags the handle, from then on the split is theirs.
        self.profile.setMinimumWidth(PROFILE_MIN_WIDTH)
        self._user_split = False
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        self.splitter.resized.connect(self._share_splitter)
        self.table.resized.connect(self._fit_columns)  # a new width refits the columns

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(8)
        content_layout.addLayout(toolbar)
        content_layout.addWidget(self.splitter, 1)

        self.empty_state = EmptyState(
            "No agents yet", "Add the people on your team one by one, or import a roster "
            "spreadsheet with their names, e-mails, teams and leads.")
        self.empty_state.add_button("Import roster…").clicked.connect(
            self.import_roster_requested)
        self.empty_add_button = self.empty_state.add_button("Add agent", primary=True)
        self.empty_add_button.clicked.connect(self.add_agent)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(content)
        self._content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(self.stack)

        self.search_edit.textChanged.connect(self._on_filters_changed)
        self.search_edit.returnPressed.connect(self._on_search_return)
        self.status_combo.currentIndexChanged.connect(self._on_filters_changed)
        self.team_combo.currentIndexChanged.connect(self._on_filters_changed)
        self.import_button.clicked.connect(self.import_roster_requested)
        self.add_button.clicked.connect(self.add_agent)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.profile.edit_requested.connect(self.edit_selected)
        self.profile.archive_requested.connect(self.archive_selected)

    def _build_actions(self) -> None:
        def action(text: str, slot, keys=(), owner: QWidget = self,
                   context=Qt.ShortcutContext.WidgetWithChildrenShortcut) -> QAction:
            act = QAction(text, owner)
            act.setShortcuts([QKeySequence(key) for key in keys])
            act.setShortcutContext(context)
            act.triggered.connect(slot)
            owner.addAction(act)
            return act

        self.add_action = action("Add agent…", self.add_agent, ["Ctrl+N"])
        self.search_action = action("Search", self.focus_search, ["Ctrl+F"])
        self.edit_action = action("Edit…", self.edit_selected, ["F2", "Ctrl+E"])
        self.archive_action = action("Archive…", self.archive_selected)
        # Enter and Delete belong to the table only, so they keep their usual meaning in
        # the search box (Delete erases a character there, it must not delete an agent).
        table_only = Qt.ShortcutContext.WidgetShortcut
        self.open_action = action("Edit…", self.edit_selected, ["Return", "Enter"],
                                  self.table, table_only)
        self.delete_action = action("Delete…", self.delete_selected, ["Delete"],
                                    self.table, table_only)

    # ---------------------------------------------------------------- public API

    def refresh(self) -> None:
        """Reload the roster from the database, keeping the selected agent selected."""
        selected = self.selected_agent()
        rows = list_agents(self._session_factory)
        self.model.set_agents(rows, today=self._today())
        self._fill_team_combo(list_teams(self._session_factory))
        self.stack.setCurrentWidget(self._content if rows else self.empty_state)
        self._fit_columns()
        if selected is not None:
            self.select_agent(selected.id)
        self._update_status_line()
        self._on_selection_changed()

    def selected_agent(self) -> AgentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.agent_at(rows[0]) if rows else None

    def select_agent(self, agent_id: int) -> bool:
        """Select and show the agent; False when the filters hide them (or they are gone)."""
        row = self.proxy.proxy_row_of(agent_id)
        if row is None:
            return False
        self._select_row(row)
        return True

    def reveal_agent(self, agent_id: int) -> bool:
        """Select the agent, clearing filters that hide them; False when they are gone."""
        if self.select_agent(agent_id):
            return True
        self.search_edit.clear()
        self.team_combo.setCurrentIndex(0)
        if not self.select_agent(agent_id):
            self.status_combo.setCurrentIndex(self.status_combo.findData("all"))
        return self.select_agent(agent_id)

    def select_first_agent(self) -> bool:
        if self.proxy.rowCount() == 0:
            return False
        self._select_row(0)
        return True

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # ------------------------------------------------------------------ commands

    def add_agent(self) -> None:
        dialog = AgentDialog(self._session_factory, None, self._today(), self)
        if self._exec_dialog(dialog) == QDialog.DialogCode.Accepted and dialog.saved_agent:
            self._after_save(dialog.saved_agent)

    def edit_selected(self) -> None:
        agent = self.selected_agent()
        if agent is None:
            return
        dialog = AgentDialog(self._session_factory, agent, self._today(), self)
        if self._exec_dialog(dialog) == QDialog.DialogCode.Accepted and dialog.saved_agent:
            self._after_save(dialog.saved_agent)

    def archive_selected(self) -> None:
        agent = self.selected_agent()
        if agent is None or agent.status == "departed":
            return
        dialog = ArchiveDialog(self._session_factory, agent, self._today(), self)
        if self._exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            self._after_removal(agent.id)

    def delete_selected(self) -> None:
        """Delete after confirmation; an agent with records is refused and Archive offered."""
        agent = self.selected_agent()
        if agent is None:
            return
        if not self._ask("Delete agent",
                         f"Delete {agent.full_name} from the roster?\n\n"
                         "This cannot be undone. To keep their history, archive them instead."):
            return
        try:
            delete_agent(self._session_factory, agent.id)
        except UserError as exc:
            can_archive = agent.status != "departed"
            question = f"\n\nArchive {agent.full_name} now?" if can_archive else ""
            if self._ask("Cannot delete", f"{exc}{question}", can_archive) and can_archive:
                self.archive_selected()
            return
        self._after_removal(agent.id)

    # ------------------------------------------------- seams for dialogs (tests)

    def _exec_dialog(self, dialog: QDialog) -> int:
        return dialog.exec()

    def _ask(self, title: str, text: str, yes_no: bool = True) -> bool:
        if not yes_no:
            QMessageBox.warning(self, title, text)
            return False
        answer = QMessageBox.question(
            self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------- helpers

    def _after_save(self, agent: AgentRow) -> None:
        self.refresh()
        if not self.select_agent(agent.id):
            self._reveal(agent)
        self.table.setFocus()
        self.roster_changed.emit()

    def _after_removal(self, agent_id: int) -> None:
        """Reload; if the agent left the view, select whoever took their place."""
        old_row = self.proxy.proxy_row_of(agent_id)
        self.refresh()
        if not self.select_agent(agent_id) and self.proxy.rowCount():
            self._select_row(min(old_row or 0, self.proxy.rowCount() - 1))
        self.roster_changed.emit()

    def _reveal(self, agent: AgentRow) -> None:
        """Clear the filters that hide a just-saved agent, so the user sees the result."""
        self.search_edit.clear()
        self.team_combo.setCurrentIndex(0)
        if not self.select_agent(agent.id):
            self.status_combo.setCurrentIndex(self.status_combo.findData("all"))
            self.select_agent(agent.id)

    def _select_row(self, row: int) -> None:
        index = self.proxy.index(row, NAME)
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._fit_columns()

    def _share_splitter(self, total: int) -> None:
        """Give the profile its share of a new width (until the user drags the handle)."""
        if self._user_split or total <= 0:
            return
        total -= self.splitter.handleWidth()
        profile = min(max(PROFILE_MIN_WIDTH, round(total * PROFILE_SHARE)), total // 2)
        self.splitter.setSizes([total - profile, profile])

    def _on_splitter_moved(self, *_args) -> None:
        self._user_split = True

    def _fit_columns(self) -> None:
        """Fit the columns to the roster shown, after each reload or resize, until the
        user sizes a column by hand; from then on their widths are theirs."""
        if self._user_sized_columns or not self.isVisible() or self.model.rowCount() == 0:
            return
        # Role and Team narrow first, so names and leads stay whole when they can; then
        # columns give way (GIVE_WAY) before names are cut.
        self._fitting = True
        try:
            self._columns_fitted = fit_table_columns(
                self.table, text_columns=(NAME, ROLE, LEAD, TEAM), shrink_last=(NAME, LEAD),
                give_way=GIVE_WAY)
        finally:
            self._fitting = False

    def _on_section_resized(self, *_args) -> None:
        """A resize we did not make while the mouse is on the header: the user's drag.
        The columns that gave way come back, as nothing will fit the table again."""
        header = self.table.horizontalHeader()
        if not self._fitting and self._columns_fitted and header.underMouse():
            self._user_sized_columns = True
            for column in GIVE_WAY:
                self.table.setColumnHidden(column, False)

    def _fill_team_combo(self, teams: list[str]) -> None:
        current = self.team_combo.currentData()
        self.team_combo.blockSignals(True)
        self.team_combo.clear()
        self.team_combo.addItem("All teams", None)
        for team in teams:
            self.team_combo.addItem(team, team)
            # The combo may be narrower than a long team name; the list shows it whole.
            self.team_combo.setItemData(self.team_combo.count() - 1, team,
                                        Qt.ItemDataRole.ToolTipRole)
        self.team_combo.setCurrentIndex(max(self.team_combo.findData(current), 0))
        self.team_combo.blockSignals(False)
        self.proxy.set_team_filter(self.team_combo.currentData())

    def _on_filters_changed(self) -> None:
        self.proxy.set_search_text(self.search_edit.text())
        self.proxy.set_status_filter(self.status_combo.currentData())
        self.proxy.set_team_filter(self.team_combo.currentData())
        self._update_status_line()
        self._on_selection_changed()

    def _on_search_return(self) -> None:
        """Return in the search box: go to the best (first) match, ready for Enter."""
        self.select_first_agent()
        self.table.setFocus()

    def focus_default(self) -> None:
        """Where the keyboard starts on this page: the table, or Add agent when empty."""
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.empty_add_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_selection_changed(self, *_args) -> None:
        agent = self.selected_agent()
        self.profile.show_agent(agent)
        for act in (self.edit_action, self.open_action, self.delete_action):
            act.setEnabled(agent is not None)
        self.archive_action.setEnabled(agent is not None and agent.status != "departed")

    def _update_status_line(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        text = _plural(total) if shown == total else f"{_plural(shown)} shown of {total}"
        hidden = self.proxy.hidden_departed()
        if hidden:
            text += f" ({hidden} departed hidden)"
        self.status_label.setText(text)

    def _show_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self._select_row(index.row())
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        menu.addAction(self.archive_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))
