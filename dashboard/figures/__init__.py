"""DataFrame -> plotly figure. No SQL and no Dash here: each function takes the DataFrame a query
returned and the language, and is unit-tested without a browser. Modules by topic, sharing common.py."""
