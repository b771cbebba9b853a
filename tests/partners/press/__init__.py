"""The press archive and the translated documents: pages, services, uploads and who may see what."""
