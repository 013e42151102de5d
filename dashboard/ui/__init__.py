"""The Streamlit layer: cached loaders, URL ↔ state, sidebar widgets, the map component.

The only package under dashboard/ that imports streamlit; pages/ holds layout only.
"""
