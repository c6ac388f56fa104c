"""read_table: the CSV and workbook quirks real exports have, and refusing bad files."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from app.errors import BadInputError
from app.ingest.readers import read_table
from tests.conftest import SAMPLES


def write(tmp_path, name: str, data: bytes | str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


# ------------------------------------------------------------------------------ CSV


def test_utf8_bom_semicolons_and_crlf(tmp_path):
    path = write(tmp_path, "roster.csv",
                 b"\xef\xbb\xbfName;E-mail;Team\r\nAna N\xc3\xba\xc3\xb1ez;ana@x.com;Support\r\n"
                 b"Bo Chen;bo@x.com;\r\n")
    table = read_table(path)
    assert table.headers == ["Name", "E-mail", "Team"]  # no BOM glued to "Name"
    assert table.rows == [["Ana Núñez", "ana@x.com", "Support"], ["Bo Chen", "bo@x.com", None]]
    assert table.row_numbers == [2, 3]
    assert (table.delimiter, table.encoding, table.source) == (";", "utf-8-sig", "roster.csv")


def test_quoted_multiline_cells_keep_one_row_number_each(tmp_path):
    path = write(tmp_path, "notes.csv",
                 'Name,Note,Team\n"Ana","first line\r\nsecond, with comma",Support\n'
                 '"Bo","one",Escalations\n')
    table = read_table(path)
    assert table.rows[0][1] == "first line\nsecond, with comma"
    assert table.rows[1] == ["Bo", "one", "Escalations"]
    assert table.row_numbers == [2, 3]  # as Excel numbers them, not physical lines


def test_windows_1252_falls_back(tmp_path):
    path = write(tmp_path, "hr.csv", "Name,Team\nJosé Álvarez,Soporte – Norte\n", "cp1252")
    table = read_table(path)
    assert table.rows == [["José Álvarez", "Soporte – Norte"]]
    assert table.encoding == "cp1252"


def test_utf16_with_bom_and_tabs(tmp_path):
    path = write(tmp_path, "export.csv", "Name\tE-mail\nZoë\tzoe@x.com\n", "utf-16")
    table = read_table(path)
    assert table.headers == ["Name", "E-mail"]
    assert table.rows == [["Zoë", "zoe@x.com"]]
    assert table.delimiter == "\t"


def test_semicolon_file_with_commas_inside_cells(tmp_path):
    path = write(tmp_path, "team.csv", "Name;Role;Team\nNunez, Ana;Agent, senior;Support\n"
                 "Chen, Bo;Agent;Support\n")
    table = read_table(path)
    assert table.delimiter == ";"
    assert table.rows[0] == ["Nunez, Ana", "Agent, senior", "Support"]


def test_title_rows_blank_rows_and_footers_are_dropped(tmp_path):
    path = write(tmp_path, "report.csv",
                 '"Team roster, exported from HR"\n\nName,E-mail,Team\nAna,ana@x.com,Support\n'
                 ',,\nBo,bo@x.com,Support\n\n"Grand Totals (2 records)"\n'
                 '"Confidential Information - Do Not Distribute"\n'
                 '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."\n')
    table = read_table(path)
    assert table.headers == ["Name", "E-mail", "Team"]
    assert table.header_row == 3
    assert [row[0] for row in table.rows] == ["Ana", "Bo"]
    assert table.row_numbers == [4, 6]


def test_a_plain_list_of_names_is_one_column(tmp_path):
    table = read_table(write(tmp_path, "names.csv", "Name\nAna\nBo\n"))
    assert table.headers == ["Name"]
    assert table.rows == [["Ana"], ["Bo"]]


def test_short_rows_are_padded_to_the_header(tmp_path):
    table = read_table(write(tmp_path, "ragged.csv", "Name,Team,Role\nAna\nBo,Support\n"))
    assert table.rows == [["Ana", None, None], ["Bo", "Support", None]]


def test_header_only_file_has_no_rows(tmp_path):
    table = read_table(write(tmp_path, "empty_roster.csv", "Name,E-mail\r\n"))
    assert table.headers == ["Name", "E-mail"]
    assert table.rows == [] and table.row_numbers == []


@pytest.mark.parametrize(("name", "data", "message"), [
    ("roster.csv", b"", "roster.csv is empty"),
    ("roster.csv", b"  \r\n\r\n", "roster.csv is empty"),
    ("roster.csv", bytes(range(256)) * 40, "roster.csv is not a text or spreadsheet file"),
    ("roster.xlsx", bytes(range(256)) * 40, "roster.xlsx is not a readable spreadsheet"),
    ("roster.xlsx", b"Name,Team\nAna,Support\n", "roster.xlsx is not a readable spreadsheet"),
    ("roster.csv", b"1,2,3\n4,5,6\n", "roster.csv has no header row"),
    ("tickets.xls", b'<?xml version="1.0"?>\n<ss:Workbook xmlns:ss="urn:schemas-microsoft-com'
                    b':office:spreadsheet"></ss:Workbook>', "tickets.xls is empty"),
])
def test_unreadable_files_say_which_file_and_why(tmp_path, name, data, message):
    with pytest.raises(BadInputError, match=message):
        read_table(write(tmp_path, name, data))


def test_missing_file(tmp_path):
    with pytest.raises(BadInputError, match="does not exist"):
        read_table(tmp_path / "nope.csv")


def test_five_thousand_columns_are_refused(tmp_path):
    header = ",".join(f"c{i}" for i in range(5000))
    path = write(tmp_path, "wide.csv", header + "\n" + ",".join("1" * 5000) + "\n")
    with pytest.raises(BadInputError, match="wide.csv has 5,000 columns, more than the 2,000"):
        read_table(path)


def test_too_many_rows_and_too_many_bytes_are_refused(tmp_path):
    path = write(tmp_path, "long.csv", "Name,Team\n" + "Ana,Support\n" * 30)
    with pytest.raises(BadInputError, match="more than 20 rows"):
        read_table(path, max_rows=20)
    with pytest.raises(BadInputError, match="MB Coachbench reads"):
        read_table(path, max_bytes=100)


def test_sheet_name_on_a_csv_is_refused(tmp_path):
    with pytest.raises(BadInputError, match="no sheet called 'Team'"):
        read_table(write(tmp_path, "a.csv", "Name,Team\nAna,S\n"), sheet="Team")


# ------------------------------------------------------------------------- workbooks


def make_workbook(tmp_path, name: str = "roster.xlsx"):
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Cover"  # an empty first sheet: the reader skips to the first with data
    team = book.create_sheet("Team")
    team["A1"] = "Support team — March 2024"
    team.append([])
    team.append(["Name", "Hire date", "Tickets", "Score"])
    team.append(["Ana", date(2024, 3, 1), 120, 4.5])
    team.append(["Bo", datetime(2023, 1, 9, 8, 30), 80, 4])
    team.append([None, None, None, None])
    team.append(["Cy", None, 7, None])
    leads = book.create_sheet("Leads")
    leads.append(["Name", "E-mail"])
    leads.append(["Sam", "sam@x.com"])
    path = tmp_path / name
    book.save(path)
    return path


def test_xlsx_title_row_real_dates_and_row_numbers(tmp_path):
    table = read_table(make_workbook(tmp_path))
    assert table.sheet == "Team"
    assert table.sheet_names == ["Cover", "Team", "Leads"]
    assert table.headers == ["Name", "Hire date", "Tickets", "Score"]
    assert table.header_row == 3
    assert table.row_numbers == [4, 5, 7]  # Excel's own row numbers; the blank row dropped
    ana, bo, cy = table.rows
    assert ana == ["Ana", date(2024, 3, 1), 120, 4.5]
    assert isinstance(ana[2], int)  # not 120.0
    assert bo[1] == datetime(2023, 1, 9, 8, 30)
    assert cy == ["Cy", None, 7, None]


def test_xlsx_named_sheet_case_insensitive(tmp_path):
    table = read_table(make_workbook(tmp_path), sheet="leads")
    assert table.sheet == "Leads"
    assert table.rows == [["Sam", "sam@x.com"]]


def test_xlsx_unknown_sheet_lists_the_sheets(tmp_path):
    with pytest.raises(BadInputError, match="no sheet called 'Staff'; its sheets are "
                                            "'Cover', 'Team', 'Leads'"):
        read_table(make_workbook(tmp_path), sheet="Staff")


def test_truncated_xlsx_is_a_clear_error(tmp_path):
    data = make_workbook(tmp_path).read_bytes()
    path = write(tmp_path, "cut.xlsx", data[: len(data) // 2])
    with pytest.raises(BadInputError, match=r"cut.xlsx is not a readable spreadsheet \(the file "
                                            "is damaged or incomplete"):
        read_table(path)


def test_workbook_content_under_a_csv_name_is_read_as_a_workbook(tmp_path):
    path = tmp_path / "renamed.csv"
    path.write_bytes(make_workbook(tmp_path).read_bytes())
    assert read_table(path).sheet == "Team"


def test_workbook_with_too_many_columns_is_refused(tmp_path):
    book = openpyxl.Workbook()
    book.active.append([f"c{i}" for i in range(30)])
    book.active.append(list(range(30)))
    book.save(tmp_path / "wide.xlsx")
    with pytest.raises(BadInputError, match="30 columns, more than the 20"):
        read_table(tmp_path / "wide.xlsx", max_columns=20)


@pytest.mark.skipif(not (SAMPLES / "servicenow_pdi.csv").is_file(),
                    reason="shared samples folder not present")
def test_real_servicenow_export():
    table = read_table(SAMPLES / "servicenow_pdi.csv")
    assert "number" in table.headers
    assert len(table.rows) > 5
    assert all(len(row) == len(table.headers) for row in table.rows)
    assert table.delimiter == ","


def test_default_sheet_skips_hidden_sheets_and_title_only_cover_sheets(tmp_path):
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Read me"
    cover["B2"] = "Roster for March"  # a title, no table
    hidden = book.create_sheet("Lookup")
    hidden.append(["Code", "Label"])
    hidden.append(["A", "Active"])
    hidden.sheet_state = "hidden"
    team = book.create_sheet("Team")
    team.append(["Name", "Team"])
    team.append(["Ana", "Support"])
    book.save(tmp_path / "book.xlsx")
    table = read_table(tmp_path / "book.xlsx")
    assert (table.sheet, table.rows) == ("Team", [["Ana", "Support"]])


def test_xml_spreadsheet_2003_is_read(tmp_path):
    data = ('<?xml version="1.0"?>\n<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:'
            'spreadsheet"><ss:Worksheet ss:Name="Team"><ss:Table>'
            '<ss:Row><ss:Cell><ss:Data ss:Type="String">Roster, March</ss:Data></ss:Cell>'
            '</ss:Row><ss:Row><ss:Cell><ss:Data ss:Type="String">Name</ss:Data></ss:Cell>'
            '<ss:Cell><ss:Data ss:Type="String">Team</ss:Data></ss:Cell></ss:Row>'
            '<ss:Row><ss:Cell><ss:Data ss:Type="String">Ana</ss:Data></ss:Cell>'
            '<ss:Cell><ss:Data ss:Type="Number">7</ss:Data></ss:Cell></ss:Row>'
            "</ss:Table></ss:Worksheet></ss:Workbook>")
    table = read_table(write(tmp_path, "team.xls", data))
    assert (table.headers, table.rows, table.row_numbers) == (["Name", "Team"], [["Ana", 7]],
                                                             [3])
    assert (table.sheet, table.sheet_names, table.header_row) == ("Team", ["Team"], 2)


def test_freshdesk_native_xls_reads_as_a_table():
    table = read_table(SAMPLES / "freshdesk_native.xls")
    assert table.headers[:3] == ["Ticket ID", "Subject", "Status"]
    assert len(table.rows) == 21 and table.rows[0][0] == 19381
