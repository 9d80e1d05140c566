"""The minimal DuckDB query: the latest-period metrics table of an Insights O365 TSV.

    .venv/bin/python bench/minimal_duckdb.py FILE.tsv > out.csv

A reference for bench/run.py (what a hand-written query does with no validation or reporting)."""

import sys

import duckdb

QUERY = """
WITH rows AS (
  SELECT lower(CustomerTenantId) AS key, CustomerName, strftime(Month, '%Y-%m') AS period,
         lower(replace(WorkloadName, ' ', '')) AS source, PaidAvailableUnits AS sold, MonthlyActiveUsers AS active,
         CASE source WHEN 'exchange' THEN 'Exchange' WHEN 'sharepoint' THEN 'SharePoint' WHEN 'onedrive' THEN 'SharePoint'
           WHEN 'teams' THEN 'Teams' WHEN 'yammer' THEN 'Yammer' WHEN 'skypeforbusiness' THEN 'Skype for Business'
           ELSE WorkloadName END AS workload
  FROM read_csv(?, delim = '\t', header = true,
                types = {'Month': 'DATE', 'PaidAvailableUnits': 'BIGINT', 'MonthlyActiveUsers': 'BIGINT', 'IsDuplicateRowForPGA': 'VARCHAR'})
  WHERE lower(IsDuplicateRowForPGA) IN ('0', 'false')
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
    con.execute(f"COPY ({QUERY.replace('?', source)}) TO '/dev/stdout' (FORMAT csv, HEADER)")
