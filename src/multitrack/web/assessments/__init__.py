"""Competency assessments: person x competency x proficiency x source x date."""
