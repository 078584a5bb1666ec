"""The DuckDB warehouse: its settings, SQL models, build, publishing and read-only access."""
