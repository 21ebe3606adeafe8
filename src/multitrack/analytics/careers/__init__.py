"""Individual career planning and the organisation-level steps that follow from it."""
