"""The data contract (DATA_CONTRACT.md): one module per source, and the machinery they share.

- ``enrolments``, ``assessments``, ``hiring``, ``placements``, ``bmo``: one source each, its
  columns, aliases, kinds and rules declared once, in its pandera model;
- ``registry``: the source names (cheap to import) and their contracts;
- ``kinds``: the kinds of column, text -> typed value or a problem, with the plausible ranges;
- ``contract``: declaring a column, the ``Source``, recognising a file's source, matching headers;
- ``checking``: the check engine, text table -> valid rows and rejected values;
- ``docs``: docs/data-contract.md, generated from the models.

Nothing is imported here, so that ``pipelines.sources.registry`` stays cheap.
"""
