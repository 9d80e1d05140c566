"""Adoption Insights: read Microsoft cloud license and usage exports, compute Deployment % and
Usage % per customer and workload, and recommend next steps.

Pure Python (no Streamlit). The app's pages, the CLI and the charts all call this package, so
each fact (a metric, a threshold, a playbook) is defined once, here.
"""
