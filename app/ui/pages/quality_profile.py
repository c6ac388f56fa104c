"""The agent profile's Quality tab: the agent's IQS, trend, weakest criteria and reviews.

The profile panel is narrow, so everything stacks in one column: the headline IQS for the
last 90 days, a compact 12-month trend with the pass line, the three weakest criteria
and the latest reviews (double-click opens one).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.analytics.qa_scores import weakest
from app.services import Change, reviews
from app.services.quality_report import quality_overview
from app.services.roster import AgentRow
from app.ui.pages.quality_chart import IqsTrendChart

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class QualityProfileTab(QWidget):
    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self._agent: AgentRow | None = None
        self.iqs_label = QLabel("—")
        self.iqs_label.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.iqs_caption = QLabel("", objectName="mutedText")
        self.iqs_caption.setWordWrap(True)
        self.chart = IqsTrendChart(compact=True)
        self.weak_label = QLabel("", objectName="mutedText")
        self.weak_label.setWordWrap(True)
        self.weak_label.setTextFormat(Qt.TextFormat.RichText)
        self.list = QListWidget()
        self.list.setToolTip("Double-click to open the review")
        self.new_button = QPushButton("New review")
        # In a scroll area: at the minimum window size the panel is shorter than the tab,
        # and squeezed word-wrapped labels would spill their text over the chart.
        content = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        scroll.viewport().setAutoFillBackground(False)  # the tab pane's own background
        content.setAutoFillBackground(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.iqs_label)
        layout.addWidget(self.iqs_caption)
        layout.addWidget(self.chart)
        layout.addWidget(QLabel("<b>Weakest criteria</b> (12 months)"))
        layout.addWidget(self.weak_label)
        layout.addWidget(QLabel("<b>Latest reviews</b>"))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.new_button)
        self.list.itemActivated.connect(self._open)
        self.new_button.clicked.connect(self._new)
        window.data_changed.connect(self._on_data_changed)

    def show_agent(self, row: AgentRow | None) -> None:
        self._agent = row
        self.setEnabled(row is not None)
        if row is None:
            return
        factory = self.window_.database.session_factory
        today = self.window_.today()
        recent = quality_overview(factory, today - timedelta(days=89), today, agent_id=row.id)
        year = quality_overview(factory, today - timedelta(days=364), today, agent_id=row.id)
        if recent.iqs is None:
            self.iqs_label.setText("—")
            self.iqs_label.setStyleSheet("font-size: 18pt; font-weight: 600;")
            self.iqs_caption.setText("No final reviews in the last 90 days."
                                     if year.reviews else "Not reviewed yet.")
        else:
            colour = "#2e7d32" if recent.iqs >= recent.threshold else "#b42318"
            self.iqs_label.setText(f"IQS {recent.iqs:.0f}%")
            self.iqs_label.setStyleSheet(f"font-size: 18pt; font-weight: 600; color: {colour};")
            self.iqs_caption.setText(
                f"last 90 days · {recent.reviews} review{'s' if recent.reviews != 1 else ''} · "
                f"{recent.pass_rate:.0f}% passed")
        self.chart.set_trend(year.trend, year.threshold, year.trend_unit)
        stats = {r.stat.name: r.stat for r in year.per_criterion}
        weak = [s for s in weakest(stats, 3) if s.average < 100]
        self.weak_label.setText("<br>".join(
            f"{s.name} <b>{s.average:.0f}%</b> · {s.below_half} of {s.rated} below half"
            for s in weak)
            or "No ratings yet.")
        self.list.clear()
        for review in reviews.list_reviews(factory, reviews.ReviewFilter(agent_id=row.id))[:30]:
            score = "draft" if review.status == "draft" else (
                "—" if review.score is None else f"{review.score:.0f}%")
            mark = "" if review.status == "draft" else (" ✓" if review.passed else " ✗")
            item = QListWidgetItem(f"{review.review_date}  {score}{mark}  {review.conversation}")
            item.setData(Qt.ItemDataRole.UserRole, review.id)
            item.setToolTip(f"{review.scorecard} · reviewed by {review.reviewer}")
            self.list.addItem(item)

    def _page(self):
        return self.window_.pages.get("quality")

    def _open(self, item: QListWidgetItem) -> None:
        page = self._page()
        if page is not None and hasattr(page, "open_review"):
            page.open_review(item.data(Qt.ItemDataRole.UserRole))

    def _new(self) -> None:
        page = self._page()
        if page is not None and self._agent is not None and hasattr(page, "new_review"):
            page.new_review(agent_id=self._agent.id)

    def _on_data_changed(self, changes: set, _origin) -> None:
        if changes & {Change.QUALITY, Change.DATABASE} and self._agent is not None:
            self.show_agent(self._agent)
