"""The translation workbench: a presentation's segments translated page by page, its export, the
translation memory and the glossary."""
