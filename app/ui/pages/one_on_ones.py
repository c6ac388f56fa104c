"""The One-on-ones page: "this week" across the team, the meeting being held, and a
read-only side panel with what the manager wants at hand while talking."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.analytics.objectives import format_value
from app.services import Change, agenda, one_on_ones as oo, roster
from app.services.agenda import WeekItem
from app.services.plans import OBJECTIVE_LABELS
from app.ui.messages import show_error
from app.ui.models.coaching_models import SORT_ROLE, RowsTableModel
from app.ui.pages.one_on_ones_meeting import MeetingEditor, _esc
from app.ui.widgets import EmptyState, attention_color, columns_width, make_primary

STATE_LABELS = {"overdue": "Overdue", "due": "Due", "done": "Done", "planned": "Planned"}
WEEK_DETAIL_COLUMNS = (2, 3)  # What, State: hidden beside an open meeting


class OneOnOnesPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.session_factory = window.database.session_factory
        self._build()
        window.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _build(self) -> None:
        title = QLabel("One-on-ones", objectName="pageTitle")
        self.agent_combo = QComboBox()
        self.agent_combo.setMinimumWidth(200)
        self.agent_combo.setToolTip("The agent whose one-on-one to open")
        self.template_combo = QComboBox()
        self.template_combo.setToolTip("The agenda the new one-on-one starts from")
        self.start_button = QPushButton("Start one-on-one")
        self.start_button.setToolTip("Open the agent's next one-on-one (Ctrl+N)")
        make_primary(self.start_button)
        self.start_button.clicked.connect(self.start_selected)
        self.templates_button = QPushButton("Edit agendas…")
        self.templates_button.setToolTip("Change the agenda templates or add your own")
        self.templates_button.clicked.connect(self.edit_templates)
        # Shown while the week list is folded away (a meeting on a small window).
        self.week_toggle = QPushButton("Show this week")
        self.week_toggle.setToolTip("Open the list of this week's one-on-ones again")
        self.week_toggle.clicked.connect(self._unfold_week)
        self.week_toggle.hide()
        # The title with the agendas button; the choice of agent and agenda with the
        # button that starts it on a row of their own (one row was cut short at 960 px).
        title_row = QHBoxLayout()
        title_row.addWidget(title)
        title_row.addStretch(1)
        title_row.addWidget(self.week_toggle)
        title_row.addWidget(self.templates_button)
        toolbar = QHBoxLayout()
        toolbar.addWidget(QLabel("Agent"))
        toolbar.addWidget(self.agent_combo)
        toolbar.addSpacing(8)
        toolbar.addWidget(QLabel("Agenda"))
        toolbar.addWidget(self.template_combo)
        toolbar.addSpacing(8)
        toolbar.addWidget(self.start_button)
        toolbar.addStretch(1)
        QShortcut(QKeySequence.StandardKey.New, self, self.start_selected)

        self.week_model = RowsTableModel(
            ["When", "Agent", "What", "State"],
            lambda item: _week_cells(item, self.window_.today()), self._week_color, self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.week_model)
        proxy.setSortRole(SORT_ROLE)
        self.week_proxy = proxy
        self.week_table = QTableView()
        self.week_table.setObjectName("thisWeek")
        self.week_table.setModel(proxy)
        self.week_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.week_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.week_table.verticalHeader().hide()
        self.week_table.setSortingEnabled(False)
        self.week_table.setWordWrap(False)
        header = self.week_table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.week_table.activated.connect(self._open_week_row)
        self.week_table.clicked.connect(self._open_week_row)
        week_box = QWidget()
        week_layout = QVBoxLayout(week_box)
        week_layout.setContentsMargins(0, 0, 0, 0)
        self.week_title = QLabel("This week")
        self.week_title.setStyleSheet("font-weight: bold;")
        week_layout.addWidget(self.week_title)
        week_layout.addWidget(self.week_table)

        self.editor = MeetingEditor(self.session_factory, self.window_.today)
        self.editor.changed.connect(self._after_write)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(4, 0, 8, 0)
        inner_layout.addWidget(self.editor)
        scroll.setWidget(inner)
        self.empty = EmptyState(
            "No one-on-one open",
            "Pick a line in \"This week\", or choose an agent and an agenda above and "
            "press Start one-on-one (Ctrl+N). Talking points and open action items from "
            "earlier meetings come along.")
        self.center = QStackedWidget()
        self.center.addWidget(self.empty)
        self.center.addWidget(scroll)

        self.panel = QLabel()
        self.panel.setObjectName("sidePanel")
        self.panel.setWordWrap(True)
        self.panel.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.panel.setTextFormat(Qt.TextFormat.RichText)
        self.panel.setMargin(8)
        self.panel.setAutoFillBackground(True)
        self.panel.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        panel_scroll = QScrollArea()
        panel_scroll.setWidgetResizable(True)
        panel_scroll.setWidget(self.panel)
        panel_scroll.setMinimumWidth(230)

        self.panel_scroll = panel_scroll
        panel_scroll.hide()  # shown with a meeting
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(week_box)
        splitter.addWidget(self.center)
        splitter.addWidget(panel_scroll)
        # The list and the side panel keep the width they were given (``_fit_splitter``);
        # the meeting takes what the window gains.
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([440, 560, 250])
        splitter.setChildrenCollapsible(False)
        splitter.setCollapsible(0, True)  # folded away beside a meeting on a small window
        splitter.splitterMoved.connect(self._note_week_folded)
        self.splitter = splitter
        self._fitted_for: bool | None = None  # the mode the splitter was last fitted to
        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        today = self.window_.today()
        try:
            items = agenda.this_week(self.session_factory, today)
            agents = roster.list_agents(self.session_factory, include_departed=False)
            templates = oo.list_templates(self.session_factory)
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not read the one-on-ones", exc)
            return
        self.week_model.set_rows(items)
        self._fit_splitter(self.center.currentIndex() == 1)  # the first lines to show
        monday, sunday = agenda.week_bounds(today)
        overdue = sum(i.state == "overdue" for i in items)
        self.week_title.setText(f"This week ({monday:%d %b} – {sunday:%d %b})"
                                + (f" — {overdue} overdue" if overdue else ""))
        current = self.agent_combo.currentData()
        self.agent_combo.blockSignals(True)
        self.agent_combo.clear()
        for agent in agents:
            self.agent_combo.addItem(agent.full_name, agent.id)
        if current is not None and self.agent_combo.findData(current) >= 0:
            self.agent_combo.setCurrentIndex(self.agent_combo.findData(current))
        self.agent_combo.blockSignals(False)
        chosen = self.template_combo.currentText()
        self.template_combo.clear()
        for template in templates:
            self.template_combo.addItem(template.name)
        if chosen:
            self.template_combo.setCurrentText(chosen)
        self.start_button.setEnabled(bool(agents))
        if self.editor.detail is not None:
            self.editor.reload()
            self._show_panel(self.editor.detail.agent_id)

    def _on_data_changed(self, changes, origin) -> None:
        if origin is self:
            return
        if changes & {Change.ROSTER, Change.COACHING, Change.DATABASE, Change.QUALITY,
                      Change.TICKETS}:
            if Change.DATABASE in changes:
                self.editor.detail = None
                self._show_meeting(False)
            self.refresh()

    def _after_write(self) -> None:
        self.window_.notify({Change.COACHING}, origin=self)
        detail = self.editor.detail
        self.refresh()
        if detail is not None:
            self._show_panel(detail.agent_id)

    # ------------------------------------------------------------------ actions

    def open_agent(self, agent_id: int) -> None:
        """Open (or start) the agent's next one-on-one."""
        index = self.agent_combo.findData(agent_id)
        if index >= 0:
            self.agent_combo.setCurrentIndex(index)
        self.start_selected()

    def edit_templates(self) -> None:
        from app.ui.dialogs.agenda_templates_dialog import AgendaTemplatesDialog

        if AgendaTemplatesDialog(self.session_factory, self).exec():
            self.window_.notify({Change.COACHING}, origin=self)
            self.refresh()

    def start_selected(self) -> None:
        agent_id = self.agent_combo.currentData()
        if agent_id is None:
            return
        template = self.template_combo.currentText() or None
        try:
            meeting_id = oo.start_meeting(self.session_factory, agent_id,
                                          self.window_.today(), template)
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not start the one-on-one", exc)
            return
        self.open_meeting(meeting_id)
        self._after_write()

    def open_meeting(self, meeting_id: int) -> None:
        self.editor.load(meeting_id)
        if self.editor.detail is None:
            return
        self._show_meeting(True)
        self._show_panel(self.editor.detail.agent_id)
        index = self.agent_combo.findData(self.editor.detail.agent_id)
        if index >= 0:
            self.agent_combo.setCurrentIndex(index)

    def _open_week_row(self, index) -> None:
        item: WeekItem = self.week_model.payload(self.week_proxy.mapToSource(index).row())
        if item.kind != "one_on_one":
            if hasattr(self.window_, "show_page"):
                page = self.window_.show_page("plans")
                if hasattr(page, "select_plan") and item.plan_id is not None:
                    page.select_plan(item.plan_id)
            return
        if item.meeting_id is not None:
            self.open_meeting(item.meeting_id)
        else:
            self.open_agent(item.agent_id)

    def _week_color(self, item: WeekItem):
        if item.state == "overdue":
            return attention_color(self.palette())
        if item.state == "done":
            return self.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def _show_panel(self, agent_id: int) -> None:
        try:
            panel = agenda.side_panel(self.session_factory, agent_id, self.window_.today())
            moods = oo.mood_trend(self.session_factory, agent_id)
        except Exception as exc:  # noqa: BLE001
            self.panel.setText(f"<i>Could not read the figures: {_esc(str(exc))}</i>")
            return
        self.panel.setText(side_panel_html(panel, moods))

    def focus_default(self) -> None:
        self.agent_combo.setFocus()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.editor.save_now()
        super().hideEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._fit_splitter(self.center.currentIndex() == 1)

    def _show_meeting(self, shown: bool) -> None:
        self.center.setCurrentIndex(1 if shown else 0)
        self.panel_scroll.setVisible(shown)
        self._fit_splitter(shown)

    def _fit_splitter(self, meeting: bool) -> None:
        """Widths for what the manager is doing, set when that changes (after that the
        splitter is the user's): looking at the week, the list takes the width its
        columns need (on a small window its share squeezed "What" to "1:…"); holding a
        meeting, the list keeps only When and Agent and the meeting gets the room (it
        scrolled sideways even at 1280 px beside the full list and the side panel)."""
        if self._fitted_for is meeting or not self.isVisible() \
                or self.week_model.rowCount() == 0:
            return
        self._fitted_for = meeting
        table = self.week_table
        for column in WEEK_DETAIL_COLUMNS:
            table.setColumnHidden(column, meeting)
        week = self._week_width([c for c in range(self.week_model.columnCount())
                                 if not table.isColumnHidden(c)])
        total = sum(self.splitter.sizes())
        panel = max(self.panel_scroll.minimumWidth(), total * 22 // 100) if meeting else 0
        week = min(week, total * 6 // 10 - panel)
        if meeting and total - panel - week < self.center.minimumSizeHint().width():
            week = 0  # the meeting needs the room: the list folds away (Show this week)
        self.splitter.setSizes([week, total - week - panel, panel])
        self._note_week_folded()

    def _note_week_folded(self, *_args) -> None:
        self.week_toggle.setVisible(self.splitter.sizes()[0] == 0)

    def _unfold_week(self) -> None:
        sizes = self.splitter.sizes()
        week = self._week_width([c for c in range(self.week_model.columnCount())
                                 if not self.week_table.isColumnHidden(c)])
        self.splitter.setSizes([week, max(sizes[1] - week, 0), sizes[2]])
        self._note_week_folded()

    def _week_width(self, columns: list[int]) -> int:
        """The width the week list needs to show ``columns`` whole."""
        table = self.week_table
        return columns_width(table, columns) + table.verticalScrollBar().sizeHint().width() \
            + 2 * table.frameWidth() + 2


def _week_cells(item: WeekItem, today=None):
    when = item.day.strftime("%a %d %b") if item.day else "—"
    state = STATE_LABELS[item.state]
    if item.state == "overdue" and item.day is not None and today is not None:
        state += f" {(today - item.day).days} d"
    return [(when, item.day.isoformat() if item.day else ""), item.agent_name, item.detail,
            state]


def side_panel_html(panel: agenda.SidePanel, moods: list[tuple]) -> str:
    from app.ui.pages.one_on_ones_meeting import mood_trail

    start, end = panel.period
    html = [f"<b>Last 30 days</b> <span style='color:gray'>({start:%d %b}–{end:%d %b})</span>",
            "<table cellspacing=0 cellpadding=2 width='100%'>"
            "<tr><td></td><td align=right><i>agent</i></td><td align=right><i>team</i></td></tr>"]
    for figure in panel.figures:
        n = f" <span style='color:gray'>n={figure.agent_n}</span>" if figure.agent_n else ""
        mine, team = (text.replace("no data yet", "—") for text in (figure.agent, figure.team))
        html.append(f"<tr><td>{_esc(figure.label)}</td><td align=right>{mine}{n}</td>"
                    f"<td align=right>{team}</td></tr>")
    html.append("</table>")
    if any("no data" in f.agent + f.team for f in panel.figures):
        html.append("<span style='color:gray'>— no data yet</span>")
    html.append("<p><b>Latest QA reviews</b><br>")
    if panel.reviews:
        html += [f"{r.date:%d %b} · {r.scorecard}: "
                 + (f"{r.score:.0f}" if r.score is not None else "—")
                 + ("" if r.passed is None else (" ✓" if r.passed else " ✗")) + "<br>"
                 for r in panel.reviews]
    else:
        html.append("<span style='color:gray'>No reviews yet.</span>")
    html.append("</p><p><b>Open goals</b><br>")
    if panel.goals:
        for goal in panel.goals:
            extra = (f" — {_esc(goal.target_text)}: {format_value(goal.metric, goal.value)}"
                     if goal.metric else "")
            html.append(f"• {_esc(goal.text)}{extra}<br>")
    else:
        html.append("<span style='color:gray'>No open goals.</span>")
    html.append("</p>")
    for title, plan in (("Improvement plan", panel.plan), ("Probation", panel.probation)):
        if plan is None:
            continue
        html.append(f"<p><b>{title}</b> ({plan.status_label.lower()}, ends {plan.end:%d %b %Y})"
                    "<br>")
        for objective in plan.objectives:
            state = OBJECTIVE_LABELS.get(objective.status or "") or objective.reason or "—"
            html.append(f"• {_esc(objective.text)}: {state}<br>")
        html.append("</p>")
    if moods:
        html.append(f"<p><b>Mood</b> {mood_trail([m for _, m in moods])} "
                    f"<span style='color:gray'>(latest {moods[-1][1]}/10)</span></p>")
    return "".join(html)
