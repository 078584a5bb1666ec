"""The only SQL the app runs: one function per question, parameterised, returning polars DataFrames.

Pages call these; they never write SQL themselves. Each function reads the
marts of the published warehouse through warehouse.connect (read-only, follows
each atomic swap). Modules by topic: common (reference lists, warehouse_info,
the filter WHERE clause), goal, gaps, skills, training, hiring, quality.
"""
