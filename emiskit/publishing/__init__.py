"""Publishing the book: its two editions, quality gates and the offline bundle."""
