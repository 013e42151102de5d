"""Serving the atlas: operations, not views.

- :mod:`.single`: one Streamlit process on app.py with production settings (``serve``);
- :mod:`.supervisor`: N such processes on loopback ports behind nginx with sticky sessions,
  restarted when one dies, stopped together on Ctrl-C (``serve --workers N``);
- :mod:`.nginx` and ``nginx.conf.tmpl``: the proxy's configuration, rendered by the project;
- :mod:`.client`: Streamlit's websocket protocol without a browser (warm-up, load test).
"""
