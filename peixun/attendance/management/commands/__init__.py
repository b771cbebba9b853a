"""The attendance app's commands: crediting the class hours of sessions that have ended."""
