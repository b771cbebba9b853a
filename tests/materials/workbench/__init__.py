"""Tests of the translation workbench: translating page by page, the export, the memory and the glossary,
and who may do what."""
