"""Engines: where the mining SQL runs. DuckDB (the default, one machine) or Spark (a cluster).

The queries are written once, in DuckDB's dialect (the `.sql` files beside the code); `dialect`
translates them for Spark, `spark` runs them through a connection with the subset of DuckDB's
Python API the mining code uses, and `lake` reads and writes the Parquet datasets (touchpoints
partitioned by event date, results) that both engines share. `settings` says which engine runs.
"""
