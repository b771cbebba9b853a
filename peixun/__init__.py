"""Peixun (培训): leadership training on sustainable cities. The Celery application is ``peixun.celery``.

It is not imported here, so that the engines (``peixun.scheduling``, ``peixun.docengine``) load without
Django; Django loads it when the jobs app is ready (``JobsConfig.ready``), and ``celery -A peixun``
finds it as ``peixun.celery.app``.
"""
