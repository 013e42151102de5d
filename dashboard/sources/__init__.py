"""Readers of public data formats: N03 boundaries, census and IPSS tables, the master list.

Each reader takes a path and returns a pandas / geopandas table with our column names,
or raises :class:`dashboard.errors.AtlasError` naming the file, row and column.
"""
