"""The quirks real exports have: encodings, delimiters, line endings, title rows, footers,
workbooks, date orders, odd cells, and rows that cannot be read."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from app.errors import BadInputError
from app.ingest.tickets import ParseOptions, parse_file, preview_file
from tests.ingest.ticket_helpers import by_id, parse_all, write

HEADER = "Id,Assignee,Status,Created at,Full resolution time in minutes,Satisfaction Score\n"


def test_utf8_bom_semicolons_crlf(tmp_path):
    path = write(tmp_path, "z.csv", "\ufeffId;Assignee;Status;Created at\r\n"
                 "1;Ana Núñez;Solved;2024-03-01 10:00:00\r\n2;Bo;Open;2024-03-02 11:00\r\n")
    preview, records, _, _ = parse_all(path)
    assert preview.headers[0] == "Id"  # no BOM glued on
    assert (preview.delimiter, preview.encoding) == (";", "utf-8-sig")
    assert by_id(records)["1"]["assignee"] == "Ana Núñez"
    assert by_id(records)["2"]["created_at"] == datetime(2024, 3, 2, 11, 0)


def test_utf16_tabs(tmp_path):
    path = write(tmp_path, "z.csv", "Id\tAssignee\tStatus\n7\tZoë\tOpen\n", "utf-16")
    preview, records, _, _ = parse_all(path)
    assert (preview.delimiter, preview.encoding) == ("\t", "utf-16")
    assert records[0]["assignee"] == "Zoë"


def test_windows_1252(tmp_path):
    path = write(tmp_path, "z.csv", "Id,Assignee,Status\n1,José Álvarez,Résolu – ok\n", "cp1252")
    preview, records, _, _ = parse_all(path)
    assert preview.encoding == "cp1252"
    assert (records[0]["assignee"], records[0]["status"]) == ("José Álvarez", "Résolu – ok")


def test_mostly_utf8_with_a_stray_windows_byte_later(tmp_path):
    body = "".join(f"{i},Ana,Open\n" for i in range(5000))
    data = ("Id,Assignee,Status\n" + body).encode() + "9999,Zoé,Open\n".encode("cp1252")
    preview, records, problems, _ = parse_all(write(tmp_path, "z.csv", data))
    assert preview.encoding == "utf-8" and problems == []
    assert by_id(records)["9999"]["assignee"] == "Zoé"


def test_quoted_multiline_cells_keep_row_numbers(tmp_path):
    path = write(tmp_path, "z.csv", 'Id,Subject,Status\n1,"line one\r\nline two, with comma",Open\n'
                 '2,"one",Solved\n')
    _, records, _, _ = parse_all(path)
    assert records[0]["subject"] == "line one\r\nline two, with comma"
    assert [r["_row"] for r in records] == [2, 3]


def test_title_rows_blank_rows_and_footers(tmp_path):
    path = write(tmp_path, "report.csv",
                 '"Cases report, exported 2024-03-31"\n\nCase Number,Case Owner,Status\n'
                 "1001,Ana,Closed\n,,\n1002,Bo,New\n\n"
                 '"Grand Totals (2 records)"\n"Confidential Information - Do Not Distribute"\n'
                 '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."\n')
    preview, records, problems, rows_read = parse_all(path)
    assert preview.header_row == 3 and preview.headers == ["Case Number", "Case Owner", "Status"]
    assert [r["external_id"] for r in records] == ["1001", "1002"]
    assert [r["_row"] for r in records] == [4, 6]
    assert (rows_read, problems) == (2, [])


@pytest.mark.parametrize("batch_size", [1, 2, 3, 5000])
def test_footers_are_dropped_whatever_the_batch_boundaries(tmp_path, batch_size):
    rows = "".join(f"{i},Ana,Open\n" for i in range(1, 6))
    path = write(tmp_path, "r.csv", "Case Number,Case Owner,Status\n" + rows +
                 '\n\n"Grand Totals (5 records)"\n\n"Confidential Information"\n'
                 '"Copyright (c) salesforce.com"\n\n\n')
    _, records, problems, rows_read = parse_all(path, batch_size=batch_size)
    assert [r["external_id"] for r in records] == ["1", "2", "3", "4", "5"]
    assert (rows_read, problems) == (5, [])


def test_a_footer_like_row_followed_by_data_is_data(tmp_path):
    path = write(tmp_path, "r.csv", "Subject,Id,Status\nCopyright question,1,Open\n"
                 "Other,2,Open\n")
    _, records, _, _ = parse_all(path, batch_size=1)
    assert [r["subject"] for r in records] == ["Copyright question", "Other"]


def test_xlsx_header_under_title_rows_on_the_second_sheet(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Cover"
    sheet = book.create_sheet("Data")
    sheet.append(["Zendesk export, March"])
    sheet.append([])
    sheet.append(["Id", "Assignee", "Status", "Created at", "Reopens"])
    sheet.append([1, "Ana", "Solved", datetime(2024, 3, 1, 10, 0), 0])
    sheet.append([2, "Bo", "Open", "2024-03-02 09:30:00", 2])
    sheet.append([None, None, None])
    sheet.append(["Grand Totals (2 records)"])
    path = tmp_path / "z.xlsx"
    book.save(path)
    preview, records, problems, rows_read = parse_all(path)
    assert (preview.sheet, preview.sheet_names) == ("Data", ["Cover", "Data"])
    assert preview.header_row == 3
    assert (rows_read, problems) == (2, [])
    tickets = by_id(records)
    assert tickets["1"]["created_at"] == datetime(2024, 3, 1, 10, 0)  # a real date cell
    assert tickets["2"]["created_at"] == datetime(2024, 3, 2, 9, 30)  # text in a workbook
    assert (tickets["1"]["reopens"], tickets["2"]["reopens"]) == (0, 2)  # 0 is not empty
    assert tickets["1"]["_row"] == 4


def test_choosing_a_sheet(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Id", "Status"])
    book.active.append([1, "Open"])
    other = book.create_sheet("Week 2")
    other.append(["Id", "Status"])
    other.append([2, "Solved"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    _, records, _, _ = parse_all(path, sheet="week 2")
    assert records[0]["external_id"] == "2"
    with pytest.raises(BadInputError, match="no sheet called 'Week 9'.*'Sheet', 'Week 2'"):
        preview_file(path, sheet="Week 9")


def test_excel_serial_dates_in_a_csv(tmp_path):
    path = write(tmp_path, "z.csv", HEADER + "1,Ana,Solved,45292.375,60,Good\n")
    preview, records, _, _ = parse_all(path)
    assert preview.date_orders == {"Created at": "serial"}
    assert records[0]["created_at"] == datetime(2024, 1, 1, 9, 0)


def test_day_first_settled_by_one_value(tmp_path):
    path = write(tmp_path, "z.csv", HEADER + "1,Ana,Solved,08/01/2025 15:00,60,Good\n"
                 "2,Bo,Solved,13/01/2025 09:00,30,Bad\n")
    preview, records, _, _ = parse_all(path)
    assert preview.date_orders == {"Created at": "day_first"}
    assert preview.ambiguous_date_columns == []
    assert by_id(records)["1"]["created_at"] == datetime(2025, 1, 8, 15, 0)


def test_ambiguous_dates_are_reported_and_the_choice_is_used(tmp_path):
    path = write(tmp_path, "z.csv", HEADER + "1,Ana,Solved,03/04/2024 10:00,60,Good\n"
                 "2,Bo,Solved,05/06/2024,30,Bad\n")
    preview, records, _, _ = parse_all(path)
    assert preview.ambiguous_date_columns == ["Created at"]
    assert preview.date_orders == {"Created at": "ambiguous"}
    assert by_id(records)["1"]["created_at"] == datetime(2024, 4, 3, 10, 0)  # day first
    _, records, _, _ = parse_all(path, day_first={"Created at": False})
    assert by_id(records)["1"]["created_at"] == datetime(2024, 3, 4, 10, 0)
    assert by_id(records)["2"]["created_at"] == datetime(2024, 5, 6)


def test_unreadable_cells_skip_the_row_with_row_column_and_reason(tmp_path):
    path = write(tmp_path, "z.csv", HEADER + "1,Ana,Solved,2024-03-01 10:00:00,60,Good\n"
                 "2,Bo,Solved,2024-02-30 10:00:00,30,Bad\n"
                 ",Cy,Open,2024-03-01 10:00:00,,\n"
                 "4,Di,Open,2024-03-01 10:00:00,soon,\n"
                 "5,Ed,Open, 2024-03-05 10:00 ,-,?\n")
    _, records, problems, rows_read = parse_all(path)
    assert [r["external_id"] for r in records] == ["1", "5"]
    assert records[1]["created_at"] == datetime(2024, 3, 5, 10, 0)  # padded, still read
    assert records[1]["full_resolution_minutes"] is None and records[1]["csat"] is None
    assert [(p.row, p.column) for p in problems] == [
        (3, "Created at"), (4, "Id"), (5, "Full resolution time in minutes")]
    assert "no day 30 in month 2 of 2024" in problems[0].reason
    assert problems[1].reason == "the ticket has no id"
    assert "cannot read 'soon' as a duration" in problems[2].reason
    assert rows_read == 5


def test_short_and_long_rows(tmp_path):
    path = write(tmp_path, "z.csv", "Id,Assignee,Status,Reopens\n1,Ana\n2,Bo,Open,1,extra,cells\n")
    _, records, problems, _ = parse_all(path)
    assert problems == []
    assert by_id(records)["1"]["status"] is None and by_id(records)["1"]["reopens"] is None
    assert by_id(records)["2"]["reopens"] == 1


def test_duplicated_headers_get_told_apart(tmp_path):
    path = write(tmp_path, "z.csv", "Id,Status,Status,,Assignee\n1,Open,Solved,x,Ana\n")
    preview, records, _, _ = parse_all(path)
    assert preview.headers == ["Id", "Status", "Status (2)", "Column 4", "Assignee"]
    assert preview.mapping["status"] == "Status"
    mapping = dict(preview.mapping, status="Status (2)")
    _, records, _, _ = parse_all(path, mapping=mapping)
    assert records[0]["status"] == "Solved"


def test_preview_shows_display_text_and_reads_only_the_start(tmp_path):
    rows = "".join(f"{i},Agent {i % 7},Open,2024-03-01 10:00:00,{i},Good\n" for i in range(30000))
    path = write(tmp_path, "big.csv", HEADER + rows)
    preview = preview_file(path)
    assert len(preview.sample_rows) == 20
    assert preview.sample_rows[0] == ["0", "Agent 0", "Open", "2024-03-01 10:00:00", "0", "Good"]
    assert len(preview.header_key) == 64
    assert preview_file(path).header_key == preview.header_key


def test_parse_reports_progress_and_can_stop_early(tmp_path):
    rows = "".join(f"{i},Ana,Open,2024-03-01 10:00:00,{i},Good\n" for i in range(1, 20001))
    path = write(tmp_path, "big.csv", HEADER + rows)
    preview = preview_file(path)
    batches = parse_file(path, ParseOptions(preview.profile, preview.mapping), batch_size=5000)
    first = next(batches)
    assert first.rows_read == 5000 and 0 < first.fraction < 1
    batches.close()  # Cancel: the file is closed, nothing else happens
    fractions = [b.fraction for b in parse_file(
        path, ParseOptions(preview.profile, preview.mapping), batch_size=5000)]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_parse_needs_a_ticket_id_column(tmp_path):
    path = write(tmp_path, "z.csv", "Assignee,Status\nAna,Open\n")
    preview = preview_file(path)
    assert preview.mapping["external_id"] is None
    with pytest.raises(BadInputError, match="ticket id"):
        parse_file(path, ParseOptions(preview.profile, preview.mapping))


def test_decimal_commas_and_markers_in_number_columns(tmp_path):
    rows = "".join(f"{i};Ana;Open;2024-03-01 10:00:00;{i},5;-\n" for i in range(1, 50))
    path = write(tmp_path, "z.csv", "Id;Assignee;Status;Created at;"
                 "Full resolution time in minutes;Satisfaction Score\n" + rows +
                 "50;Bo;Open;2024-03-01 10:00:00;1.234,5;Good\n")
    _, records, problems, _ = parse_all(path)
    assert problems == []
    tickets = by_id(records)
    assert tickets["1"]["full_resolution_minutes"] == 1.5
    assert tickets["49"]["full_resolution_minutes"] == 49.5
    assert tickets["50"]["full_resolution_minutes"] == 1234.5
    assert tickets["1"]["csat"] is None and tickets["50"]["csat"] == "good"
