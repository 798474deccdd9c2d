"""REST routes: health, uploads, maps, exports."""
