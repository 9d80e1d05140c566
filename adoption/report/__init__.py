"""The customer report: one customer's licenses, Deployment % and Usage % and what we offer, written
for the customer (not the internal evidence), in English or Swedish.

- `resources.py`: the links per workload (data/resources.csv, editable).
- `content.py`: what the report says, assembled from the figures the Customer page shows.
- `charts.py`: its two charts (adoption.charts' builders, localised, rendered by vl-convert).
- `pdf.py`: the PDF (fpdf2); `eml.py`: the e-mail draft (.eml, HTML inline, charts as cid images).
- `batch.py`: `python -m adoption report`, one PDF and .eml per selected customer plus an index.
- `mail.py`: sending through the SMTP server of `.streamlit/secrets.toml`, each send logged as an action.
"""
