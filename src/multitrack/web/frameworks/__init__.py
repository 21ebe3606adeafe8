"""Stored framework versions: drafts change, published versions never do."""
