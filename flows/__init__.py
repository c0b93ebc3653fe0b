"""News-intelligence warehouse: Prefect flows that load news files into DuckDB for dbt."""
