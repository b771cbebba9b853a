"""The start page: each role's next tasks, counted and linked to where the work is done."""
