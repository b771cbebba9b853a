"""The demo programme: the world of the programme description, with invented people marked as demo.

``data`` holds it as plain Python structures; ``loader`` writes it through the services. Load it with
``python manage.py load_demo``.
"""
