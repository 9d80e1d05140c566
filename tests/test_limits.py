import io
import zipfile

import pytest

from adoption.model import AdoptionError
from adoption.readers import read_file

INSIGHTS = b"CustomerTenantId,CustomerName,WorkloadName,Month,PaidAvailableUnits,MonthlyActiveUsers\n" \
           b"t1,Contoso AB,Exchange,2026-10-01,100,80\n"


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
    with pytest.raises(AdoptionError, match=r"^broken\.xlsx looks like an XLSX workbook but is not a readable zip file\.$"):
        read_file("broken.xlsx", b"PK\x03\x04" + b"\x00" * 40)


def test_to_csv_prefixes_every_formula_start_in_text_cells():
    from adoption.export import to_csv
    import polars as pl
    names = ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tTab AB", "\rCR AB", "Contoso AB"]
    assert to_csv(pl.DataFrame({"customer_name": names})) == (
        "customer_name\n\"'=HYPERLINK(\"\"x\"\")\"\n'+1\n'-2\n'@SUM(A1)\n'\tTab AB\n\"'\rCR AB\"\nContoso AB\n"
    )
