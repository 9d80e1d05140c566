"""Hostile input: every read either accounts for every row or raises AdoptionError naming the file."""
from hypothesis import HealthCheck, given, settings, strategies as st

from adoption.model import AdoptionError
from adoption.readers import read_file

settings.register_profile("ci", max_examples=40, deadline=5000, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
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
