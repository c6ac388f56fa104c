"""Files that cannot be imported are refused quickly, with a message that says why, and
untrusted input never gets to exhaust memory."""

from __future__ import annotations

import os
import time
import zipfile

import openpyxl
import pytest

from app.errors import BadInputError
from app.ingest.tickets import ParseOptions, parse_file, preview_file
from tests.ingest.ticket_helpers import parse_all, write

XML_HEAD = ('<?xml version="1.0"?>\n<ss:Workbook xmlns="urn:schemas-microsoft-com:office:'
            'spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n')


def refused(path, match: str) -> None:
    started = time.monotonic()
    with pytest.raises(BadInputError, match=match):
        preview_file(path)
    assert time.monotonic() - started < 5


def test_missing_empty_header_only(tmp_path):
    with pytest.raises(BadInputError, match="does not exist"):
        preview_file(tmp_path / "nope.csv")
    refused(write(tmp_path, "empty.csv", b""), "is empty")
    refused(write(tmp_path, "blank.csv", "\n\n  \n"), "is empty")
    refused(write(tmp_path, "header.csv", "Id,Assignee,Status\r\n"), "header row but no data")


def test_binary_garbage_and_wrong_names(tmp_path):
    refused(write(tmp_path, "garbage.csv", os.urandom(4000)), "not a text or spreadsheet")
    refused(write(tmp_path, "fake.xlsx", b"PK\x03\x04" + os.urandom(3000)),
            "not a readable spreadsheet")
    refused(write(tmp_path, "page.xls", "<!DOCTYPE html><html><table><tr><td>1</td></tr>"),
            "web page")


def test_truncated_xlsx(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Id", "Status"])
    book.active.append([1, "Open"])
    whole = tmp_path / "whole.xlsx"
    book.save(whole)
    refused(write(tmp_path, "cut.xlsx", whole.read_bytes()[:1500]), "damaged or incomplete")


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (1 << 20))
        # What a bomb declares (its members' unpacked sizes) without spending the test's
        # time compressing 700 MB: the central directory is written from these entries.
        archive.getinfo("xl/worksheets/sheet1.xml").file_size = 700 << 20
    assert path.stat().st_size < 100_000
    refused(path, "unpacks to 734 MB")


def test_xml_spreadsheet_bomb_is_refused(tmp_path):
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">'
                      for i in range(1, 10)).replace("&lol0;", "&lol;")
            + ']>\n<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
            '<ss:Worksheet ss:Name="S"><ss:Table><ss:Row><ss:Cell><ss:Data ss:Type="String">'
            "&lol9;</ss:Data></ss:Cell></ss:Row></ss:Table></ss:Worksheet></ss:Workbook>")
    refused(write(tmp_path, "tickets.xls", bomb), "XML bomb")


def test_external_entities_are_refused(tmp_path):
    xxe = (XML_HEAD.replace("\n<ss:Workbook", '\n<!DOCTYPE x [<!ENTITY e SYSTEM '
                            '"file:///etc/passwd">]>\n<ss:Workbook')
           + '<ss:Worksheet ss:Name="S"><ss:Table><ss:Row><ss:Cell><ss:Data ss:Type="String">'
           "&e;</ss:Data></ss:Cell></ss:Row></ss:Table></ss:Worksheet></ss:Workbook>")
    refused(write(tmp_path, "tickets.xls", xxe), "read other files")


def test_cut_off_xml_spreadsheet(tmp_path):
    text = (XML_HEAD + '<ss:Worksheet ss:Name="Sheet1"><ss:Table>'
            '<ss:Row><ss:Cell><ss:Data ss:Type="String">Ticket ID</ss:Data></ss:Cell>'
            '<ss:Cell><ss:Data ss:Type="String">Status</ss:Data></ss:Cell></ss:Row>'
            '<ss:Row><ss:Cell><ss:Data ss:Type="Number">1</ss:Data></ss:Cell>')
    path = write(tmp_path, "cut.xls", text)
    with pytest.raises(BadInputError, match="damaged or cut short"):
        parse_all(path)


def test_xml_spreadsheet_sheets_and_skipped_cells(tmp_path):
    def sheet(name: str, rows: list[str]) -> str:
        return (f'<ss:Worksheet ss:Name="{name}"><ss:Table>' + "".join(
            f"<ss:Row>{r}</ss:Row>" for r in rows) + "</ss:Table></ss:Worksheet>")

    def cell(value, kind="String", index=None) -> str:
        at = f' ss:Index="{index}"' if index else ""
        return f'<ss:Cell{at}><ss:Data ss:Type="{kind}">{value}</ss:Data></ss:Cell>'

    header = cell("Ticket ID") + cell("Agent") + cell("Status") + cell("Created time")
    text = (XML_HEAD + sheet("Summary", [cell("Nothing here")])
            + sheet("Tickets", [header, cell(5, "Number") + cell("Open", index=3)
                                + cell("2025-01-08T15:00:06.000", "DateTime"),
                                cell(6, "Number") + cell("Ana &amp; Bo")])
            + "</ss:Workbook>")
    path = write(tmp_path, "export.xls", text)
    preview, records, problems, _ = parse_all(path, sheet="Tickets")
    assert preview.sheet_names == ["Summary", "Tickets"] and preview.sheet == "Tickets"
    assert problems == []
    first, second = records
    assert (first["external_id"], first.get("assignee"), first["status"]) == ("5", None, "Open")
    assert first["created_at"].isoformat() == "2025-01-08T15:00:06"
    assert second["assignee"] == "Ana & Bo"


def test_twenty_thousand_columns_csv(tmp_path):
    header = ",".join(f"Column {i}" for i in range(20_000))
    refused(write(tmp_path, "wide.csv", header + "\n" + ",".join("1" * 20_000) + "\n"),
            "20,000 columns")


def test_twenty_thousand_columns_xml_spreadsheet(tmp_path):
    cells = "".join(f'<ss:Cell><ss:Data ss:Type="String">c{i}</ss:Data></ss:Cell>'
                    for i in range(20_000))
    text = (XML_HEAD + f'<ss:Worksheet ss:Name="S"><ss:Table><ss:Row>{cells}</ss:Row>'
            "</ss:Table></ss:Worksheet></ss:Workbook>")
    refused(write(tmp_path, "wide.xls", text), "more than 2,000 columns")
    far = (XML_HEAD + '<ss:Worksheet ss:Name="S"><ss:Table><ss:Row><ss:Cell ss:Index="'
           '900000000"><ss:Data ss:Type="String">x</ss:Data></ss:Cell></ss:Row></ss:Table>'
           "</ss:Worksheet></ss:Workbook>")
    refused(write(tmp_path, "far.xls", far), "more than 2,000 columns")


def test_sixteen_thousand_columns_xlsx(tmp_path):
    book = openpyxl.Workbook(write_only=True)  # Excel's own limit is 16,384 columns
    sheet = book.create_sheet("S")
    sheet.append([f"c{i}" for i in range(16_000)])
    path = tmp_path / "wide.xlsx"
    book.save(path)
    refused(path, "16,000 columns")


def test_an_endless_line_is_refused_without_reading_it_whole(tmp_path):
    path = write(tmp_path, "line.csv", "Id,Status\n1,Open\n2," + "x" * (5 * 1024 * 1024) + "\n")
    refused(path, "line longer than 4 million characters")
    rows = "".join(f"{i},Open\n" for i in range(3000))  # further down: found while parsing
    path = write(tmp_path, "late.csv", "Id,Status\n" + rows + "2," + "x" * (5 << 20) + "\n")
    preview = preview_file(path)
    with pytest.raises(BadInputError, match="line longer than"):
        for _ in parse_file(path, ParseOptions(preview.profile, preview.mapping)):
            pass


def test_wrong_encoding_is_read_not_crashed(tmp_path):
    # Latin-1 bytes that are not UTF-8: read as Windows-1252, never a decode error.
    path = write(tmp_path, "z.csv", b"Id,Assignee,Status\n1,Jos\xe9,Ouvert\n")
    _, records, _, _ = parse_all(path)
    assert records[0]["assignee"] == "José"
    # UTF-16 without a BOM looks like binary data: said so instead of tag soup.
    refused(write(tmp_path, "u16.csv", "Id,Status\n1,Open\n".encode("utf-16-le")),
            "binary data")


def test_a_bad_quote_says_where(tmp_path):
    path = write(tmp_path, "z.csv", 'Id,Subject\n1,"never closed\n' + "2,x\n" * 10)
    preview = preview_file(path)
    assert preview.sample_rows  # the reader recovers by taking the rest as one cell


def test_excel_style_spreadsheetml(tmp_path):
    text = ('\ufeff<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:html="http://www.w3.org/TR/REC-html40">\n'
            '<DocumentProperties xmlns="urn:schemas-microsoft-com:office:office">'
            "<Author>x</Author></DocumentProperties>\n"
            '<Styles><Style ss:ID="Default"/></Styles>\n'
            '<Worksheet ss:Name="Tickets"><Table ss:ExpandedColumnCount="4">\n'
            '<Row><Cell ss:MergeAcross="3"><Data ss:Type="String">Weekly export</Data></Cell>'
            "</Row>\n"
            '<Row ss:Index="3"><Cell><Data ss:Type="String">Ticket ID</Data></Cell>'
            '<Cell><Data ss:Type="String">Agent</Data></Cell>'
            '<Cell><Data ss:Type="String">Status</Data></Cell>'
            '<Cell><Data ss:Type="String">Created time</Data></Cell></Row>\n'
            '<Row><Cell><Data ss:Type="Number">42</Data></Cell>'
            '<Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40">'
            "<B>Ana</B> Núñez</ss:Data></Cell>"
            '<Cell><Data ss:Type="String">Open</Data></Cell>'
            '<Cell><Data ss:Type="DateTime">2025-01-08T15:00:06.000</Data></Cell></Row>\n'
            "</Table></Worksheet></Workbook>")
    path = write(tmp_path, "export.xml", text)
    preview, records, problems, _ = parse_all(path)
    assert (preview.sheet, preview.header_row) == ("Tickets", 3)
    assert problems == [] and len(records) == 1
    assert records[0]["external_id"] == "42" and records[0]["assignee"] == "Ana Núñez"
    assert records[0]["created_at"].isoformat() == "2025-01-08T15:00:06"
