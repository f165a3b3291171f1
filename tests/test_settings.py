"""The data dir, the SQLite database and uploaded files are readable by the service account only."""

import os
import stat
import subprocess
import sys


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def load_settings(data_dir):
    env = {k: v for k, v in os.environ.items() if k != "LUOSHI_DATABASE_URL"}
    env["LUOSHI_DATA_DIR"] = str(data_dir)
    script = (
        "import os, luoshi.settings as s; open(s.DATA_DIR / 'luoshi.sqlite3-wal', 'w').close();"
        "print(oct(os.umask(0)))"
    )
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)


def test_a_new_data_dir_and_everything_created_in_it_are_owner_only(tmp_path):
    data = tmp_path / "data"
    assert load_settings(data).stdout.strip() == "0o77"
    for sub in ("", "files", "logs", "static"):
        assert mode(data / sub) == 0o700
    assert mode(data / "secret_key") == 0o600 and mode(data / "luoshi.sqlite3-wal") == 0o600


def test_a_data_dir_left_readable_by_an_older_version_is_closed(tmp_path):
    data = tmp_path / "data"
    (data / "files").mkdir(parents=True)
    (data / "luoshi.sqlite3").write_bytes(b"")
    for path, old in ((data, 0o755), (data / "files", 0o755), (data / "luoshi.sqlite3", 0o644)):
        path.chmod(old)
    load_settings(data)
    assert mode(data) == mode(data / "files") == 0o700 and mode(data / "luoshi.sqlite3") == 0o600


def test_uploaded_files_are_owner_only(settings):
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600 and settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700
