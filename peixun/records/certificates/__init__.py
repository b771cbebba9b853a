"""Certificates of completion: issuing and revoking them, their PDFs and the official's transcript, and
the public page that tells whether a certificate is genuine."""
