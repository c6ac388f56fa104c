"""The review-sheet import dialog (check, refuse, skip bad rows) and the sampling dialog."""

from __future__ import annotations

from datetime import date, datetime

from app.models import Ticket
from app.services import reviews
from app.ui.dialogs.review_import_dialog import ReviewImportDialog
from app.ui.dialogs.review_sampling_dialog import ReviewSamplingDialog
from app.ui.jobs import JobRunner
from app.ui.launch import create_qapplication
from tests.services.quality_helpers import make_card

SHEET = ("Date,Agent,Reviewer,Ticket,Greeting,Accuracy,Compliance,Tone\n"
         "2026-09-01,Ann Agent,Rita,ZD-1,1,4,1,5\n"
         "2026-09-02,Nobody,Rita,ZD-2,1,4,1,5\n")


def test_import_dialog_refuses_bad_rows_until_skipping_is_ticked(qtbot, session_factory,
                                                                 make_agent, tmp_path):
    create_qapplication()
    make_card(session_factory)
    make_agent("Ann Agent")
    path = tmp_path / "qa.csv"
    path.write_text(SHEET, encoding="utf-8")
    jobs = JobRunner()
    dialog = ReviewImportDialog(session_factory, jobs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file_edit.setText(str(path))
    dialog.run(dry_run=True)
    qtbot.waitUntil(lambda: dialog.checked is not None, timeout=10_000)
    assert "Row 3, column Agent: no agent called 'Nobody'" in dialog.report.toPlainText()
    assert not dialog.import_button.isEnabled() and dialog.skip_check.isVisible()
    dialog.skip_check.setChecked(True)
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Import 1 rows"
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()
    assert dialog.result.imported == 1 and dialog.result.skipped == 1
    assert len(reviews.list_reviews(session_factory)) == 1
    jobs.shutdown()


def test_sampling_dialog_draws_and_hands_a_ticket_to_review(qtbot, session_factory,
                                                            make_agent):
    create_qapplication()
    ann = make_agent("Ann Agent")
    with session_factory.begin() as session:
        for n in range(8):
            session.add(Ticket(platform="zendesk", external_id=f"T{n}", agent_id=ann.id,
                               subject=f"Refund {n}", channel="email",
                               solved_at=datetime(2026, 10, 2 + n), csat="bad" if n == 6
                               else "good"))
    dialog = ReviewSamplingDialog(session_factory, date(2026, 10, 1), date(2026, 10, 31))
    qtbot.addWidget(dialog)
    dialog.per_agent_spin.setValue(3)
    first = [s.external_id for s in dialog.draw()]
    assert len(first) == 3 and first[0] == "T6"  # bad CSAT first
    assert [s.external_id for s in dialog.draw()] == first
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.review_requested) as signal:
        dialog.review_button.click()
    assert signal.args[0].external_id == "T6" and signal.args[0].agent_id == ann.id
    dialog.from_edit.setDate(dialog.from_edit.date().addYears(-3))
    dialog.to_edit.setDate(dialog.to_edit.date().addYears(-2))
    assert dialog.draw() == [] and "No solved tickets" in dialog.status_label.text()
