"""The seeded demo-organisation generator (frames out, 50 to 1,000,000 people)."""
