"""The atlas maps: frame, layers, legend, marks, class breaks, offline Leaflet."""
