"""SQLite for luoshi: Django's backend with writers taking turns through a file lock (see base.py)."""
