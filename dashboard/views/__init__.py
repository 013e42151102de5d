"""Views: pure functions from store tables to what a page shows (maps, tables, figures).

Nothing here imports streamlit, so the CLI export and the tests draw the same thing.
"""
