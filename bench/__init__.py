"""`make bench`: the portal's figures at scale on PostgreSQL (see bench.run)."""
