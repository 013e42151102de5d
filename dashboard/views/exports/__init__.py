"""What leaves the app: files (CSV, GeoJSON, HTML) and printed snapshots."""
