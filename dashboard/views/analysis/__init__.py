"""The questions the seeds ask of the map, as tables."""
