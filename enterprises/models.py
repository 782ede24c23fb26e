"""Models of the enterprises app."""
