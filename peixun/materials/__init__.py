"""Presentations and translation: lecturers' decks from adaptation through translation and review to delivery."""
