"""The Plans page: improvement plans and probation checklists, with their record.

The left list shows running plans first; the right shows one plan in full (concerns,
objectives with their latest status and stored values, support, check-ins, the audit
trail). Actions change state through dialogs; a finished plan offers none.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QPalette, QShortcut, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import Change, plans, probation, roster
from app.services.plans import PlanSummary, current_user
from app.ui.dialogs.plan_dialogs import (
    CheckInDialog,
    DetailsDialog,
    NewPlanDialog,
    StatusDialog,
    TickDialog,
)
from app.ui.messages import show_error
from app.ui.models.coaching_models import SORT_ROLE, RowsTableModel
from app.ui.pages.plans_view import plan_html
from app.ui.widgets import (
    EmptyState,
    ResizingTableView,
    columns_width,
    fit_table_columns,
    make_primary,
)


# Start and End: the plan's detail shows its dates, so a narrow list leaves them out
# rather than scroll sideways (the Plans page at the minimum window size).
DATE_COLUMNS = (3, 4)
STATUS_COLUMN = 2
AGENT_SCOPE_HIDDEN = (0, 3)  # the profile's tab: the agent is known, the start is shown
# The profile's tab is a narrow column: shorter button texts (the tooltip says it whole).
AGENT_SCOPE_TEXTS = {"probation_button": "Probation…", "checkin_button": "Check-in…",
                     "tick_button": "Tick item…", "status_button": "Extend/close…",
                     "details_button": "Details…"}
AGENT_SCOPE_FILTERS = ("Running", "All", "Finished")


def _cells(row: PlanSummary):
    # "PIP" keeps the list narrow enough for the minimum window; the detail says it whole.
    kind = "Probation" if row.kind == "probation" else "PIP"
    return [row.agent_name, kind, row.status_label, (f"{row.start:%d %b %Y}",
            row.start.isoformat()), (f"{row.end:%d %b %Y}", row.end.isoformat()),
            (f"{row.next_checkin:%d %b}" if row.next_checkin and not row.finished else "",
             row.next_checkin.isoformat() if row.next_checkin else "")]


class PlanBrowser(QWidget):
    """List + detail + actions; the Plans page shows all, the profile tab one agent."""

    def __init__(self, window, *, agent_scope: bool = False) -> None:
        super().__init__()
        self.window_ = window
        self.session_factory = window.database.session_factory
        self.agent_scope = agent_scope
        self.agent_id: int | None = None
        self._build()

    def _build(self) -> None:
        self.model = RowsTableModel(["Agent", "Kind", "Status", "Start", "End", "Check-in"],
                                    _cells, self._color, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = ResizingTableView()
        self.table.setObjectName("plansTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.table.resized.connect(self._fit_columns)  # its width decides the columns

        self.detail = QTextBrowser()
        self.detail.setObjectName("planDetail")
        self.detail.setOpenLinks(False)

        self.new_button = QPushButton("New plan…")
        self.new_button.setToolTip("Draft a performance improvement plan (Ctrl+N)")
        self.probation_button = QPushButton("Start probation checklist…")
        self.activate_button = QPushButton("Activate")
        self.checkin_button = QPushButton("Record check-in…")
        self.tick_button = QPushButton("Tick item…")
        self.status_button = QPushButton("Extend or close…")
        self.details_button = QPushButton("Edit details…")
        self.details_button.setToolTip("HR contact, acknowledgement, support, consequences "
                                       "and coming check-ins")
        self.details_button.clicked.connect(self.edit_details)
        self.signoff_button = QPushButton("Sign off…")
        make_primary(self.new_button)
        self.new_button.clicked.connect(self.new_plan)
        self.probation_button.clicked.connect(self.start_probation)
        self.activate_button.clicked.connect(self.activate)
        self.checkin_button.clicked.connect(self.record_checkin)
        self.tick_button.clicked.connect(self.tick_item)
        self.status_button.clicked.connect(self.change_status)
        self.signoff_button.clicked.connect(self.change_status)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_plan)
        if self.agent_scope:
            for name, text in AGENT_SCOPE_TEXTS.items():
                button = getattr(self, name)
                button.setToolTip(button.toolTip() or button.text())
                button.setText(text)

        actions = QHBoxLayout()
        for button in (self.activate_button, self.checkin_button, self.tick_button,
                       self.status_button, self.signoff_button, self.details_button):
            actions.addWidget(button)
        actions.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.detail, 1)

        top = QHBoxLayout()
        self.filter = QComboBox()
        self.filter.addItems(["Running and drafts", "All", "Finished"])
        if self.agent_scope:
            for index, text in enumerate(AGENT_SCOPE_FILTERS):
                self.filter.setItemText(index, text)
            self.filter.setToolTip("Running: running plans and drafts")
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        top.addWidget(self.filter)
        top.addStretch(1)
        top.addWidget(self.probation_button)
        top.addWidget(self.new_button)

        self.empty = EmptyState(
            "No plans yet",
            "An improvement plan sets dated objectives, support and check-ins for an agent; "
            "a probation checklist follows a new starter to their sign-off.")
        self.empty.add_button("New plan…", primary=True).clicked.connect(self.new_plan)
        self.stack = QStackedWidget()
        # The profile's column is narrow and an agent has few plans: list above detail.
        splitter = self.splitter = QSplitter(
            Qt.Orientation.Vertical if self.agent_scope else Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0 if self.agent_scope else 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        # Narrow tables in the detail wrap between words, never inside one ("Statu s").
        self.detail.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.detail.document().documentLayout().documentSizeChanged.connect(
            self._detail_scroll_policy)
        if self.agent_scope:
            self.table.setMinimumHeight(60)
            splitter.setSizes([90, 400])
        else:
            splitter.setSizes([520, 560])
        self._widened = False
        self.stack.addWidget(self.empty)
        self.stack.addWidget(splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._widen_list_once()

    def _widen_list_once(self) -> None:
        """On a small window the list's share of the splitter is too narrow for the names
        and the next check-in: the first time it shows, it takes the room they need, up
        to half. After that the splitter is the user's."""
        if self._widened or self.agent_scope or self.model.rowCount() == 0:
            return
        self._widened = True
        self.table.setColumnHidden(STATUS_COLUMN, False)  # it gives way for lack of room
        wanted = columns_width(self.table, (c for c in range(self.model.columnCount())
                                            if c not in DATE_COLUMNS))
        wanted += self.table.verticalScrollBar().sizeHint().width() + 4
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if sizes[0] < wanted <= total // 2:
            self.splitter.setSizes([wanted, total - wanted])

    def _detail_scroll_policy(self, size) -> None:
        """Qt lays a full-width table out a pixel or two wider than the view: no sideways
        scroll bar for that, only for a real overflow (a long unbroken word)."""
        fits = size.width() <= self.detail.viewport().width() + 4
        self.detail.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fits else Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def _fit_columns(self) -> None:
        """Columns sized to their contents; the dates go when the list is too narrow to
        show every column without scrolling sideways."""
        hidden = set(AGENT_SCOPE_HIDDEN if self.agent_scope else ())
        shown = [c for c in range(self.model.columnCount()) if c not in hidden]
        if columns_width(self.table, shown) > self.table.viewport().width():
            hidden.update(DATE_COLUMNS)
        for column in range(self.model.columnCount()):
            self.table.setColumnHidden(column, column in hidden)
        # What still does not fit: the kind narrows, then the status (the detail says
        # it) gives way before a name is cut.
        give_way = () if self.agent_scope else (STATUS_COLUMN,)
        if not fit_table_columns(self.table, text_columns=(0, 1), shrink_last=(0,),
                                 give_way=give_way):
            self.table.resizeColumnsToContents()  # not laid out yet

    # ------------------------------------------------------------------ data

    def refresh(self, select_id: int | None = None) -> None:
        current = self.current()
        select_id = select_id or (current.id if current else None)
        if self.agent_scope and self.agent_id is None:
            self.model.set_rows([])
            self.stack.setCurrentIndex(0)
            return
        try:
            rows = plans.list_plans(self.session_factory, today=self.window_.today(),
                                    agent_id=self.agent_id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not read the plans", exc)
            return
        choice = self.filter.currentIndex()
        if choice == 0:
            rows = [r for r in rows if not r.finished]
        elif choice == 2:
            rows = [r for r in rows if r.finished]
        self.model.set_rows(rows)
        self._fit_columns()
        self.stack.setCurrentIndex(1 if rows or choice else 0)
        target = 0
        for row in range(self.model.rowCount()):
            if self.model.payload(row).id == select_id:
                target = row
        if rows:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(target, 0)).row())
        self._show_current()

    def select_plan(self, plan_id: int) -> None:
        self.filter.setCurrentIndex(1)
        self.refresh(select_id=plan_id)

    def current(self) -> PlanSummary | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.payload(self.proxy.mapToSource(index).row())

    def _color(self, row: PlanSummary):
        return self.palette().color(QPalette.ColorRole.PlaceholderText) if row.finished \
            else None

    def _show_current(self) -> None:
        row = self.current()
        running = row is not None and not row.finished
        probation_kind = row is not None and row.kind == "probation"
        self.activate_button.setVisible(row is not None and row.status == "draft")
        self.checkin_button.setVisible(running and not probation_kind
                                       and row.status != "draft")
        self.tick_button.setVisible(running and probation_kind)
        self.status_button.setVisible(running and not probation_kind)
        self.signoff_button.setVisible(running and probation_kind)
        self.details_button.setVisible(running and not probation_kind)
        if row is None:
            where = "above" if self.agent_scope else "on the left"
            self.detail.setHtml(f"<p style='color:gray'>Choose a plan {where}.</p>")
            return
        try:
            detail = plans.get_plan(self.session_factory, row.id, today=self.window_.today())
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not read the plan", exc)
            return
        self.detail.setHtml(plan_html(detail))

    # ------------------------------------------------------------------ actions

    def _written(self, plan_id: int | None = None) -> None:
        self.window_.notify({Change.COACHING, Change.ROSTER}, origin=self)
        self.refresh(select_id=plan_id)

    def _agents(self):
        agents = roster.list_agents(self.session_factory, include_departed=False)
        if self.agent_scope and self.agent_id is not None:
            agents = [a for a in agents if a.id == self.agent_id]
        return agents

    def new_plan(self) -> None:
        dialog = NewPlanDialog(self._agents(), self.window_.today(), self)
        if not self._exec_dialog(dialog):
            return
        agent_id, data = dialog.result_value()
        try:
            plan_id = plans.create_plan(self.session_factory, agent_id, data,
                                        actor=current_user(), today=self.window_.today())
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not create the plan", exc)
            return
        self.filter.setCurrentIndex(0)
        self._written(plan_id)

    def start_probation(self) -> None:
        today = self.window_.today()
        candidates = [a for a in self._agents() if a.probation_end is not None
                      and a.probation_end >= today - timedelta(days=30)]
        if not candidates:
            show_error(self, "Probation", UserError(
                "No agent has a probation end date. Set one in the agent's details on the "
                "Team page first."))
            return
        from app.ui.dialogs.plan_dialogs import choose_agent

        agent_id = choose_agent(self, "Start probation checklist", candidates)
        if agent_id is None:
            return
        try:
            plan_id = probation.start_probation(self.session_factory, agent_id,
                                                actor=current_user(), today=today)
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not start the checklist", exc)
            return
        self._written(plan_id)

    def activate(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            plans.change_status(self.session_factory, row.id, "active", actor=current_user(),
                                effective_on=self.window_.today(), note="Plan started")
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not activate the plan", exc)
            return
        self._written(row.id)

    def record_checkin(self) -> None:
        row = self.current()
        if row is None:
            return
        detail = plans.get_plan(self.session_factory, row.id, today=self.window_.today())
        dialog = CheckInDialog(detail, self.window_.today(), self)
        if not self._exec_dialog(dialog):
            return
        held_on, notes, statuses, checkin_id = dialog.result_value()
        try:
            plans.record_checkin(self.session_factory, row.id, held_on=held_on, notes=notes,
                                 statuses=statuses, checkin_id=checkin_id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not record the check-in", exc)
            return
        self._written(row.id)

    def edit_details(self) -> None:
        row = self.current()
        if row is None:
            return
        detail = plans.get_plan(self.session_factory, row.id, today=self.window_.today())
        dialog = DetailsDialog(detail, self.window_.today(), self)
        if not self._exec_dialog(dialog):
            return
        try:
            plans.update_details(self.session_factory, row.id, **dialog.result_value())
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not save the details", exc)
            return
        self._written(row.id)

    def _exec_dialog(self, dialog) -> bool:
        """Run a dialog modally; True when accepted (tests replace this one method).
        The dialog is deleted afterwards (its values are read before the event loop runs)."""
        dialog.deleteLater()
        return dialog.exec() == QDialog.DialogCode.Accepted

    def tick_item(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = TickDialog(row, self.window_.today(), self)
        if not self._exec_dialog(dialog):
            return
        objective_id, done_on = dialog.result_value()
        try:
            probation.tick_item(self.session_factory, objective_id, done_on,
                                actor=current_user())
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not tick the item", exc)
            return
        self._written(row.id)

    def change_status(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = StatusDialog(row, self.window_.today(), self)
        if not self._exec_dialog(dialog):
            return
        status, note, new_end = dialog.result_value()
        try:
            if row.kind == "probation":
                probation.sign_off(self.session_factory, row.id, status, note=note,
                                   actor=current_user(), today=self.window_.today(),
                                   new_end=new_end)
            else:
                plans.change_status(self.session_factory, row.id, status,
                                    actor=current_user(), effective_on=self.window_.today(),
                                    note=note, new_end=new_end)
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not change the plan", exc)
            return
        self._written(row.id)

    def show_agent(self, row) -> None:
        """Profile-tab hook: show the plans of the agent the Team page selected."""
        self.agent_id = row.id if row is not None else None
        self.filter.setCurrentIndex(1)
        self.refresh()


class PlansPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.browser = PlanBrowser(window)
        title = QLabel("Plans")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.browser, 1)
        window.data_changed.connect(self._on_data_changed)
        self.browser.refresh()

    def _on_data_changed(self, changes, origin) -> None:
        if origin is not self.browser:
            self.browser.refresh()

    def select_plan(self, plan_id: int) -> None:
        self.browser.select_plan(plan_id)

    def focus_default(self) -> None:
        self.browser.table.setFocus()


def make_plans_tab(window) -> PlanBrowser:
    browser = PlanBrowser(window, agent_scope=True)
    window.data_changed.connect(lambda changes, origin: browser.refresh()
                                if origin is not browser else None)
    return browser
