"""``python -m luoshi.extract FILE``: the same command the ``luoshi`` group registers."""

from .cli import extract_command

extract_command(prog_name="python -m luoshi.extract")
