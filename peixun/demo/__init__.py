"""The demo programme: the world of the programme description, with invented people marked as demo.

``data`` holds it as plain Python structures; ``loader`` writes it through the services. Its commands
(``management/commands/``): ``python manage.py load_demo`` loads it, ``python manage.py rundemo`` serves
it and prints its logins.
"""
