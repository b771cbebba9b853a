"""The core app's commands: backup, restore and preparing the fonts of PDFs."""
