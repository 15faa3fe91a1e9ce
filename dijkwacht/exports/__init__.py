"""The documents toolkit: PDF from a template, Word, Excel and CSV, knowing no domain.

Each domain app owns its documents in its own `documents.py` and builds them with these
helpers; nothing here imports an app. The heavy libraries (WeasyPrint, python-docx, openpyxl)
are imported inside the functions that use them, so a process that makes no document never
loads them.
"""
