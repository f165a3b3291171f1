"""SQLite for luoshi: Django's backend, with a flush that passes the audit log's triggers (see base.py)."""
