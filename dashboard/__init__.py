"""連携アトラス (Renkei Atlas): Japan's inter-municipal cooperation on one map.

The package holds all logic; Streamlit pages only lay it out.  Data flows one way:

``sources`` (readers of public formats) → ``registry`` (the authored cooperation tables,
validated) → ``build`` (derived tables) → ``store`` (one GeoPackage) → ``views`` (maps,
panels, exports) → ``ui`` and ``pages`` (Streamlit).
"""

__version__ = "0.1.0"
