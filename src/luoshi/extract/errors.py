"""The one exception type callers catch: its message is Chinese and fit to show a user."""


class ExtractError(Exception):
    """Bad input (empty, binary, corrupt, unreadable); ``str(exc)`` is a Chinese message."""
