"""The Reports page: review packets in Excel, for one agent or the whole team.

"Export packet…" (Ctrl+E) asks who, which period, a summary and whether private notes go
in, then writes the workbook in the background with a progress dialog and Cancel; "Team
batch…" (Ctrl+Shift+E) writes the packets of the active agents the manager ticks (all of
them unless some are unticked) and a team overview of them into a folder. The table lists
every past export (who, period, private notes or not, the file), because a packet leaves
the machine and the manager should be able to say what went where.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import Change
from app.services.packets import export_packet, export_team, list_exports
from app.services.roster import list_agents
from app.ui.dialogs.packet_dialog import AgentChoice, PacketDialog, PacketRequest
from app.ui.jobs import show_progress
from app.ui.messages import show_error
from app.ui.pages.reports_model import ExportsModel
from app.ui.widgets import EmptyState, fit_table_columns, make_primary


class ReportsPage(QWidget):
    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.session_factory = window.database.session_factory
        documents = Path.home() / "Documents"
        self.folder = documents if documents.is_dir() else Path.home()
        self.job = None
        self._build()
        window.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        header = QHBoxLayout()
        header.addWidget(QLabel("Reports", objectName="pageTitle"))
        header.addStretch(1)
        self.batch_button = QPushButton("Team batch…")
        self.batch_button.setToolTip("Packets for the active agents you tick (all by "
                                     "default) and a team overview, into one folder "
                                     "(Ctrl+Shift+E)")
        self.batch_button.clicked.connect(self.team_batch)
        self.export_button = QPushButton("Export packet…")
        self.export_button.setToolTip("A review packet in Excel for one agent (Ctrl+E)")
        make_primary(self.export_button)
        self.export_button.clicked.connect(lambda: self.export_packet())
        header.addWidget(self.batch_button)
        header.addWidget(self.export_button)
        layout.addLayout(header)
        self.message_label = QLabel(objectName="mutedText")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        layout.addWidget(self.message_label)

        self.stack = QStackedWidget()
        self.empty_state = EmptyState(
            "No packets exported yet",
            "A review packet is a print-ready Excel workbook of one agent's period: metrics "
            "beside the team and targets, quality reviews, one-on-ones and plans. Export one "
            "for an agent, or a batch for the whole team.")
        self.empty_state.add_button("Team batch…").clicked.connect(self.team_batch)
        self.empty_state.add_button("Export packet…", primary=True).clicked.connect(
            lambda: self.export_packet())
        self.stack.addWidget(self.empty_state)
        listing = QWidget()
        list_layout = QVBoxLayout(listing)
        list_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("Past exports", objectName="sectionTitle"))
        top.addStretch(1)
        self.search_edit = QLineEdit(placeholderText="Search agent or file… (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaximumWidth(280)
        top.addWidget(self.search_edit)
        list_layout.addLayout(top)
        self.model = ExportsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self.open_selected)
        list_layout.addWidget(self.table, 1)
        hint = QLabel("Double-click an export to open its file. Private notes are left out "
                      "of a packet unless you tick the box when exporting.",
                      objectName="mutedText")
        hint.setWordWrap(True)
        list_layout.addWidget(hint)
        self.stack.addWidget(listing)
        layout.addWidget(self.stack, 1)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=lambda: self.export_packet())
        QShortcut(QKeySequence("Ctrl+Shift+E"), self, activated=self.team_batch)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search_edit.setFocus)

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        rows = list_exports(self.session_factory)
        self.model.set_rows(rows)
        self.stack.setCurrentIndex(1 if rows else 0)
        fit_table_columns(self.table, text_columns=(4, 5), shrink_last=(1,))

    def _on_data_changed(self, changes, origin) -> None:
        if origin is not self and (Change.DATABASE in changes or Change.ROSTER in changes):
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        fit_table_columns(self.table, text_columns=(4, 5), shrink_last=(1,))

    def focus_default(self) -> None:
        self.export_button.setFocus()

    def _agents(self) -> list[AgentChoice]:
        return [AgentChoice(a.id, a.full_name, a.team or "", a.lead_name or "",
                            a.status == "active")
                for a in list_agents(self.session_factory, include_departed=False)]

    # ------------------------------------------------------------------ actions

    def make_dialog(self, *, team: bool, agent_id: int | None = None) -> PacketDialog:
        return PacketDialog(self._agents(), self.window_.today(), self.folder, team=team,
                            agent_id=agent_id, parent=self)

    def export_packet(self, agent_id: int | None = None) -> None:
        dialog = self.make_dialog(team=False, agent_id=agent_id)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start(dialog.request())

    def team_batch(self) -> None:
        dialog = self.make_dialog(team=True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start(dialog.request())

    def start(self, request: PacketRequest):
        """Run the export in the background with a progress dialog and Cancel."""
        self.folder = request.folder
        factory, today = self.session_factory, self.window_.today()
        if request.agent_id is None:
            def work(progress):
                return export_team(factory, request.start, request.end, request.folder,
                                   agent_ids=request.agent_ids, progress=progress,
                                   today=today)
            picked = request.agent_ids
            title, label = "Team batch", ("Writing the team's packets…" if picked is None
                                          else f"Writing {_packets(len(picked))}…")
        else:
            def work(progress):
                return export_packet(factory, request.agent_id, request.start, request.end,
                                     request.out, include_private=request.include_private,
                                     summary=request.summary, today=today, progress=progress)
            title, label = "Export review packet", f"Writing {request.agent_name}'s packet…"
        self.job = self.window_.jobs.start(work, title=title, writes_database=True)
        show_progress(self.job, self, label)
        self.job.succeeded.connect(self._done)
        self.job.failed.connect(lambda exc: show_error(self, "Export failed", exc))
        self.job.cancelled.connect(lambda: self._say("Export cancelled; no file was written."))
        return self.job

    def _done(self, result) -> None:
        self.refresh()
        if isinstance(result, Path):
            self._say(f"Wrote {result}")
        else:
            self._say(f"Wrote {_packets(len(result.files))} and the team overview into "
                      f"{result.folder}")

    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()

    def open_selected(self, index) -> None:
        row = self.model.rows[self.proxy.mapToSource(index).row()]
        path = Path(row.file_name)
        if not path.exists():
            self._say(f"{path} is no longer there (moved or deleted).")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _packets(count: int) -> str:
    return f"{count} packet{'' if count == 1 else 's'}"
