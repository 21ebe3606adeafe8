"""Workgroups (cross-functional or not) and their memberships."""
