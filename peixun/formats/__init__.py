"""How Peixun writes dates and times in each of its languages (Django's FORMAT_MODULE_PATH)."""
