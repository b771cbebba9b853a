"""The document engine: decks and Word documents in, segments out, translations back in (no Django here).

Plain dataclasses in and out. python-pptx and python-docx are imported only when a file is opened, so
the Django side can import the dataclasses cheaply. docs/document-engine.md describes the segment keys,
the checks and the upload guard.
"""
