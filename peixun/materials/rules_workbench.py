"""Permissions on the translation workbench, the memory and the glossary."""
