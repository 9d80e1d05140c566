"""The validating DuckDB reference (issue 14): the latest-period metrics table of an Insights O365
TSV, read with every column's type declared and `store_rejects = true`, so every cell that does
not convert is recorded with its line and column (printed to stderr, one line
each, as `FILE:LINE: COLUMN ERROR: MESSAGE`).

    .venv/bin/python bench/validating_duckdb.py FILE.tsv > out.csv 2> rejects.txt

The reference `metrics` and `customers` are measured against in bench/run.py: what validation costs
in a typed reader, as opposed to bench/minimal_duckdb.py, which validates nothing."""

import sys

import duckdb

COLUMNS = {
    "PGAPartnerID": "VARCHAR",
    "CustomerTenantId": "VARCHAR",
    "CustomerTpid": "VARCHAR",
    "WorkloadName": "VARCHAR",
    "Month": "DATE",
    "PaidAvailableUnits": "BIGINT",
    "MonthlyActiveUsers": "BIGINT",
    "CustomerName": "VARCHAR",
    "CustomerMarket": "VARCHAR",
    "CustomerSegment": "VARCHAR",
    "IndustryName": "VARCHAR",
    "VerticalName": "VARCHAR",
    "EOU": "VARCHAR",
    "PartnerID": "VARCHAR",
    "PartnerName": "VARCHAR",
    "PartnerLocation": "VARCHAR",
    "PartnerAttributionType": "VARCHAR",
    "IsDuplicateRowForPGA": "VARCHAR",
}
QUERY = """
WITH rows AS (
  SELECT lower(CustomerTenantId) AS key, CustomerName, strftime(Month, '%Y-%m') AS period,
         lower(replace(WorkloadName, ' ', '')) AS source, PaidAvailableUnits AS sold, MonthlyActiveUsers AS active,
         CASE source WHEN 'exchange' THEN 'Exchange' WHEN 'sharepoint' THEN 'SharePoint' WHEN 'onedrive' THEN 'SharePoint'
           WHEN 'teams' THEN 'Teams' WHEN 'yammer' THEN 'Yammer' WHEN 'skypeforbusiness' THEN 'Skype for Business'
           ELSE WorkloadName END AS workload
  FROM source_rows
  WHERE lower(IsDuplicateRowForPGA) IN ('0', 'false')
    AND CustomerTenantId IS NOT NULL AND WorkloadName IS NOT NULL AND Month IS NOT NULL
    AND (PaidAvailableUnits IS NOT NULL OR MonthlyActiveUsers IS NOT NULL)
    AND coalesce(PaidAvailableUnits, 0) >= 0 AND coalesce(MonthlyActiveUsers, 0) >= 0
), per_name AS (
  SELECT key, period, workload, sum(sold) AS sold, sum(active) AS active FROM rows GROUP BY key, period, workload, source
), latest AS (
  SELECT key, period, workload, max(sold) AS sold, max(active) AS active FROM per_name GROUP BY key, period, workload
  QUALIFY period = max(period) OVER (PARTITION BY key, workload)
), names AS (SELECT key, first(CustomerName) AS customer_name FROM rows GROUP BY key)
SELECT key AS customer_id, customer_name, period, workload, sold AS licenses_sold, NULL::BIGINT AS licenses_assigned,
       active AS active_users, NULL::DOUBLE AS deployment_pct, u AS usage_pct,
       concat_ws(';', CASE WHEN u IS NOT NULL THEN 'usage_of_sold' END, CASE WHEN u > 100 THEN 'usage_over_100' END,
                 CASE WHEN u > 100 AND workload = 'Yammer' THEN 'yammer' END) AS flags
FROM (SELECT *, round(CASE WHEN sold > 0 THEN 100 * active / sold END, 1) AS u FROM latest JOIN names USING (key))
ORDER BY customer_name, customer_id, period, workload
"""
with duckdb.connect() as con:
    source = "'" + sys.argv[1].replace("'", "''") + "'"
    columns = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in COLUMNS.items()) + "}"
    typed = f"read_csv({source}, delim = '\\t', header = true, columns = {columns}, store_rejects = true)"
    con.execute(f"COPY ({QUERY.replace('source_rows', typed)}) TO '/dev/stdout' (FORMAT csv, HEADER)")
    # Every cell the typed read refused, with its line and column (DuckDB's reject_errors table).
    for line, column, error, message in con.execute(
        "SELECT line, column_name, error_type, error_message FROM reject_errors ORDER BY line, column_idx"
    ).fetchall():
        print(f"{sys.argv[1]}:{line}: {column} {error}: {message.splitlines()[0] if message else ''}", file=sys.stderr)
