"""Models of the budget app."""
