"""The press archive and the translated documents: public pages to read them, programme staff's forms
to add and edit them, and the checks on the documents' uploaded files."""
