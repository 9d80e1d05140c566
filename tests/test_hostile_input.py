"""Hostile input: every read either accounts for every row or raises AdoptionError naming the file."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adoption.ingest.readers import read_file
from adoption.model import AdoptionError

settings.register_profile(
    "ci", max_examples=40, deadline=5000, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")

BASES = {
    "insights.csv": b"CustomerTenantId,CustomerName,WorkloadName,Month,PaidAvailableUnits,MonthlyActiveUsers\n"
    b"t1,Contoso AB,Exchange,2026-10-01,100,80\nt2,Fabrikam Oy,Teams,2026-10-01,40,31\n",
    "deployment.json": b'{"Value": [{"customerTenantId": "t1", "customerName": "Contoso AB", "productName": "E3",'
    b' "licensesSold": 10, "licensesDeployed": 8, "processedDateTime": "2026-10-31"}]}',
}


def check(name, data):
    try:
        parsed = read_file(name, data, customer="Contoso AB")
    except AdoptionError as error:
        assert name in str(error) and "Traceback" not in str(error)
        return
    for file in parsed:
        assert file.rows.height + file.rejected.height == file.rows_read


@given(st.sampled_from(sorted(BASES)), st.binary(max_size=400))
def test_random_bytes(name, data):
    check(name, data)


@given(st.sampled_from(sorted(BASES)), st.data())
def test_truncated_files(name, data):
    base = BASES[name]
    check(name, base[: data.draw(st.integers(0, len(base)))])


HEADER = b"CustomerTenantId,CustomerName,WorkloadName,Month,PaidAvailableUnits,MonthlyActiveUsers\n"
NASTY = {
    "numbers.csv": HEADER + b"t1,A,Exchange,2026-10-01,1e309,NaN\nt1,A,Teams,2026-10-01,-5,3.7\n",
    "dates.csv": HEADER + b"t1,A,Exchange,2999-10-01,10,5\nt1,A,Teams,0001-01-01,10,5\n",
    "header_only.csv": HEADER,
    "dup_headers.csv": HEADER.rstrip(b"\n") + b",CustomerName\n" + b"t1,A,Exchange,2026-10-01,10,5,B\n",
    "lone_cr.csv": HEADER.replace(b"\n", b"\r") + b"t1,A,Exchange,2026-10-01,10,5\r",
    "nul.csv": HEADER + b"t1,A\x00B,Exchange,2026-10-01,10,5\n",
    "utf16_no_bom.csv": (HEADER + b"t1,A,Exchange,2026-10-01,10,5\n").decode().encode("utf-16-le"),
    "cp1252.csv": HEADER + "t1,Göteborg AB,Exchange,2026-10-01,10,5\n".encode("cp1252"),
    "wide.csv": b",".join(b"c%d" % i for i in range(1_000_000)) + b"\n1\n",
    "huge_cell.csv": HEADER + b"t1," + b"x" * 10_000_000 + b",Exchange,2026-10-01,10,5\n",
    "list.json": b"[1, 2, 3]",
    "nested.json": b'{"Value": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "mixed.csv": HEADER + b"t1;A;Exchange;2026-10-01;10;5\nt2\tB\tTeams\t2026-10-01\t10\t5\n",
}


@pytest.mark.parametrize("name", sorted(NASTY))
def test_nasty_files(name):
    check(name, NASTY[name])


def test_utf16_without_bom_reads_like_utf8():
    parsed = read_file("u.csv", NASTY["utf16_no_bom.csv"])
    assert parsed[0].rows["customer_name"].to_list() == ["A"] and parsed[0].rejected.height == 0


# ---- numbers JSON carries that Python turns into floats (issue 11, point 7)


def _record(deployed: str, sold: str, product: str = "Microsoft 365 E3") -> str:
    return (
        '{"processedDateTime": "2026-10-29T03:14:07Z", "customerTenantId": "5e3c0a4e-0000-4000-8000-00000000abcd",'
        f' "customerName": "Contoso AB", "productName": "{product}", "licensesDeployed": {deployed},'
        f' "licensesSold": {sold}}}'
    )


def test_json_minus_1e400_is_negative_and_nan_is_not_a_number():
    records = [
        _record("-1e400", "NaN"),
        _record("-1e400", "10"),
        _record("5", "NaN"),
        _record("5", "-Infinity"),
        _record("1e400", "10"),
        _record("Infinity", "10"),
        _record("5", "-250000000"),
        _record("8", "10"),
    ]
    [parsed] = read_file("deployment.json", ('{"Value": [' + ", ".join(records) + "]}").encode())
    assert parsed.kind == "api_deployment" and parsed.rows.height == 1
    assert parsed.rejected.select("line", "column", "reason").rows() == [
        (1, "licensesSold", 'licensesSold "NaN" is not a number'),
        (2, "licensesDeployed", 'licensesDeployed "-1e400" is negative'),
        (3, "licensesSold", 'licensesSold "NaN" is not a number'),
        (4, "licensesSold", 'licensesSold "-Infinity" is negative'),
        (5, "licensesDeployed", 'licensesDeployed "1e400" is implausibly large'),
        (6, "licensesDeployed", 'licensesDeployed "Infinity" is implausibly large'),
        (7, "licensesSold", 'licensesSold "-250000000" is negative'),
    ]


def test_nan_in_a_csv_is_not_a_number_too():
    [parsed] = read_file("n.csv", HEADER + b"t1,A,Exchange,2026-10-01,NaN,3\nt1,A,Teams,2026-10-01,10,-1e400\n")
    assert parsed.rejected.get_column("reason").to_list() == [
        'PaidAvailableUnits "NaN" is not a number',
        'MonthlyActiveUsers "-1e400" is negative',
    ]


def test_json_integer_of_5000_digits_is_a_rejected_row_not_a_traceback():
    [parsed] = read_file("deployment.json", ('{"Value": [' + _record("1" * 5000, "10") + "]}").encode())
    assert parsed.rejected.get_column("reason").to_list() == [f'licensesDeployed "{"1" * 37}..." is implausibly large']
