"""People: organisations, jurisdictions, officials and lecturers with their availability."""
