"""The same job written plainly in pandas (what an analyst would otherwise do).

    .venv/bin/python bench/plain_pandas.py FILE.tsv > out.csv

A reference for bench/run.py; pandas is a dev dependency only, never imported by the package."""

import sys

import numpy as np
import pandas as pd

CANONICAL = {
    "exchange": "Exchange",
    "sharepoint": "SharePoint",
    "onedrive": "SharePoint",
    "teams": "Teams",
    "yammer": "Yammer",
    "skypeforbusiness": "Skype for Business",
}
df = pd.read_csv(sys.argv[1], sep="\t", dtype={"IsDuplicateRowForPGA": str, "CustomerTenantId": str})
df = df[df["IsDuplicateRowForPGA"].str.lower().isin(["0", "false"])].copy()
df["key"] = df["CustomerTenantId"].str.lower()
df["period"] = pd.to_datetime(df["Month"]).dt.strftime("%Y-%m")
df["source"] = df["WorkloadName"].str.lower().str.replace(" ", "")
df["workload"] = df["source"].map(CANONICAL).fillna(df["WorkloadName"])
per_name = df.groupby(["key", "period", "workload", "source"], as_index=False).agg(
    licenses_sold=("PaidAvailableUnits", lambda s: s.sum(min_count=1)),
    active_users=("MonthlyActiveUsers", lambda s: s.sum(min_count=1)),
)
table = per_name.groupby(["key", "period", "workload"], as_index=False)[["licenses_sold", "active_users"]].max()
table = table[table["period"] == table.groupby(["key", "workload"])["period"].transform("max")]
names = df.groupby("key", as_index=False)["CustomerName"].first().rename(columns={"CustomerName": "customer_name"})
table = table.merge(names, on="key").rename(columns={"key": "customer_id"})
sold = table["licenses_sold"]
usage = np.where(sold > 0, 100 * table["active_users"] / sold.where(sold > 0), np.nan)
table["usage_pct"] = np.sign(usage) * np.floor(np.abs(usage) * 10 + 0.5) / 10  # half away from zero
table["licenses_assigned"] = pd.array([pd.NA] * len(table), dtype="Int64")
table["deployment_pct"] = np.nan
for column in ["licenses_sold", "active_users"]:
    table[column] = table[column].astype("Int64")


def flags(row) -> str:
    found = []
    if not np.isnan(row.usage_pct):
        found.append("usage_of_sold")
    if row.usage_pct > 100:
        found.append("usage_over_100")
        if row.workload == "Yammer":
            found.append("yammer")
    return ";".join(found)


table["flags"] = table.apply(flags, axis=1)
table = table.sort_values(["customer_name", "customer_id", "period", "workload"])
columns = [
    "customer_id",
    "customer_name",
    "period",
    "workload",
    "licenses_sold",
    "licenses_assigned",
    "active_users",
    "deployment_pct",
    "usage_pct",
    "flags",
]
table[columns].to_csv(sys.stdout, index=False)
