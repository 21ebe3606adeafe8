"""Projects with a visibility grade and their assignments."""
