"""Development actions (mentoring, coaching, training) and the course catalogue."""
