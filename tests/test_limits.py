import io
import re
import zipfile

import pytest

from adoption.ingest.readers import read_file
from adoption.model import AdoptionError

INSIGHTS = (
    b"CustomerTenantId,CustomerName,WorkloadName,Month,PaidAvailableUnits,MonthlyActiveUsers\n"
    b"t1,Contoso AB,Exchange,2026-10-01,100,80\n"
)


def test_file_over_the_size_limit_is_refused_with_its_name(monkeypatch):
    monkeypatch.setenv("ADOPTION_MAX_FILE_MB", "0.00001")
    with pytest.raises(AdoptionError, match=r"^usage\.csv is 0 MB, over the 0 MB limit per file\.$"):
        read_file("usage.csv", INSIGHTS)


def test_zip_bomb_workbook_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(AdoptionError, match=r"^bomb\.xlsx compresses [\d,]+ to 1, over the 200 to 1 allowed"):
        read_file("bomb.xlsx", buffer.getvalue())


def test_workbook_that_is_not_a_zip_is_refused_plainly():
    with pytest.raises(
        AdoptionError, match=r"^broken\.xlsx looks like an XLSX workbook but is not a readable zip file\.$"
    ):
        read_file("broken.xlsx", b"PK\x03\x04" + b"\x00" * 40)


def test_to_csv_prefixes_every_formula_start_in_text_cells():
    import polars as pl

    from adoption.export import to_csv

    names = ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tTab AB", "\rCR AB", "Contoso AB"]
    assert to_csv(pl.DataFrame({"customer_name": names})) == (
        'customer_name\n"\'=HYPERLINK(""x"")"\n\'+1\n\'-2\n\'@SUM(A1)\n\'\tTab AB\n"\'\rCR AB"\nContoso AB\n'
    )


# ---- a workbook whose headers understate its sheet (issue 11, point 1)

from bomb_fixtures import understated_workbook  # noqa: E402


@pytest.fixture(scope="module")
def understated():
    """A sheet of about 40 MB whose zip headers say 1,000 bytes (CRC matching those first bytes)."""
    return understated_workbook(40 << 20)


def test_the_bomb_lies_and_pythons_zipfile_believes_it(understated):
    archive = zipfile.ZipFile(io.BytesIO(understated))
    sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size == 1000 and len(archive.read(sheet)) == 1000  # no CRC error: the lie is consistent
    assert len(understated) < 1 << 20


def test_understated_workbook_is_refused_on_bytes_really_inflated(understated, monkeypatch):
    monkeypatch.setenv("ADOPTION_MAX_FILE_MB", "20")
    with pytest.raises(AdoptionError, match=r"^bomb\.xlsx unpacks to more than the 20 MB allowed per file\.$"):
        read_file("bomb.xlsx", understated)


def test_understated_workbook_is_refused_on_its_real_ratio(understated):
    with pytest.raises(
        AdoptionError,
        match=r"^bomb\.xlsx compresses more than [\d,]+ to 1, over the 200 to 1 allowed "
        r"in a workbook\.$",
    ):
        read_file("bomb.xlsx", understated)


def test_understated_workbook_on_disk_is_refused_too(understated, tmp_path, monkeypatch):
    monkeypatch.setenv("ADOPTION_MAX_FILE_MB", "20")
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(understated)
    with pytest.raises(AdoptionError, match=r"^bomb\.xlsx unpacks to more than the 20 MB allowed per file\.$"):
        read_file("bomb.xlsx", path)


def test_upload_page_pre_check_refuses_before_unpacking(understated, monkeypatch):
    from adoption.ingest import text as textio
    from adoption.ingest.precheck import check_file

    monkeypatch.setenv("ADOPTION_MAX_FILE_MB", "20")
    opened = []
    monkeypatch.setattr(textio, "_read_xlsx", lambda name, source: opened.append(name) or [])
    [check] = check_file("bomb.xlsx", understated)
    assert (check.kind, str(check.problem)) == (None, "bomb.xlsx unpacks to more than the 20 MB allowed per file.")
    assert opened == []  # the workbook was never handed to fastexcel


def test_upload_page_pre_check_refuses_a_file_over_the_limit(monkeypatch):
    from adoption.ingest.precheck import check_file

    monkeypatch.setenv("ADOPTION_MAX_FILE_MB", "0.00001")
    [check] = check_file("usage.csv", INSIGHTS)
    assert str(check.problem) == "usage.csv is 0 MB, over the 0 MB limit per file."


def test_an_honest_workbook_still_reads():
    from export_fixtures import workbook

    header = [
        "customer_id",
        "customer_name",
        "period",
        "workload",
        "licenses_sold",
        "licenses_assigned",
        "active_users",
    ]
    data = workbook(
        {"Sheet1": [header] + [[f"t{i}", f"Customer {i}", "2026-10", "Teams", 10, 9, 8] for i in range(2000)]}
    )
    [parsed] = read_file("book.xlsx", data)
    assert parsed.rows.height == 2000


def test_a_part_with_another_compression_method_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>")
    with pytest.raises(AdoptionError, match=r"^odd\.xlsx has a part compressed in a way Excel does not write"):
        read_file("odd.xlsx", buffer.getvalue())


def test_a_damaged_deflate_stream_is_refused_plainly():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b"x" * 5000 + b"</worksheet>")
    data = bytearray(buffer.getvalue())
    start = 30 + len("xl/worksheets/sheet1.xml")
    data[start : start + 8] = b"\xff" * 8
    with pytest.raises(
        AdoptionError,
        match=r"^bad\.xlsx looks like an XLSX workbook but its part "
        r"'xl/worksheets/sheet1\.xml' is damaged\.$",
    ):
        read_file("bad.xlsx", bytes(data))


def _stored_understated() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<c/>" * 1000)
    return buffer.getvalue()


def _hostile_zips(understated: bytes) -> dict[str, bytes]:
    from bomb_fixtures import overlapping

    truncated = understated[: len(understated) // 2]
    prepended = b"MZ" + b"\0" * 1000 + understated
    wrong_offset = bytearray(understated)
    eocd = wrong_offset.rindex(b"PK\x05\x06")
    cd_offset = int.from_bytes(wrong_offset[eocd + 16 : eocd + 20], "little")
    wrong_offset[cd_offset + 42 : cd_offset + 46] = (len(understated) - 10).to_bytes(4, "little")
    method = bytearray(understated)
    method[8:10] = (12).to_bytes(2, "little")  # the first local header says bzip2, its record says deflate
    return {
        "overlapping": overlapping(b"<c/>" * (1 << 20), 10),  # 4 MB, listed 10 times
        "truncated": truncated,
        "prepended": prepended,
        "wrong_offset": bytes(wrong_offset),
        "method_mismatch": bytes(method),
        "stored": _stored_understated(),
        "no_directory": understated[: understated.rindex(b"PK\x01\x02")],
        "empty_zip": b"PK\x05\x06" + b"\0" * 18,
    }


@pytest.mark.parametrize(
    "case",
    ["overlapping", "truncated", "prepended", "wrong_offset", "method_mismatch", "stored", "no_directory", "empty_zip"],
)
def test_hostile_zips_are_refused_or_read_never_a_traceback(case, understated, monkeypatch):
    from adoption.ingest.precheck import check_file

    monkeypatch.setenv("ADOPTION_MAX_FILE_MB", "20")
    data = _hostile_zips(understated)[case]
    try:
        read_file(f"{case}.xlsx", data)
    except AdoptionError as error:
        assert str(error).startswith(f"{case}.xlsx ") and "\n" not in str(error)
    checks = check_file(f"{case}.xlsx", data)
    assert all(c.problem is None or str(c.problem).startswith(f"{case}.xlsx ") for c in checks)
    if case == "overlapping":
        assert re.match(r"overlapping\.xlsx unpacks to (more than the )?[\d,]+ MB", str(checks[0].problem))
