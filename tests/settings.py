"""Test settings: the real settings, on plain HTTP, with a fast password hasher."""

import os
import tempfile

os.environ.setdefault("LUOSHI_HTTPS", "0")
os.environ.setdefault("LUOSHI_ADMIN_2FA_REQUIRED", "0")
os.environ.setdefault("LUOSHI_EXTRACT_RUNNER", "tick")  # tests run long documents' jobs themselves
os.environ.setdefault("LUOSHI_IMPORT_RUNNER", "tick")  # and large ledgers' imports
os.environ.setdefault("LUOSHI_EXPORT_RUNNER", "tick")  # and large lists' exports
# Each xdist worker has a data directory of its own: the job runners' locks live there, and a worker that
# found the other's runner lock held would leave its own exports and imports waiting.
_data = os.environ.get("LUOSHI_DATA_DIR") or tempfile.mkdtemp(prefix="luoshi-test-")
os.environ["LUOSHI_DATA_DIR"] = os.path.join(_data, os.environ.get("PYTEST_XDIST_WORKER", ""))

from luoshi.settings import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # every test counts afresh
LOGGING["root"]["handlers"] = ["console"]
LOGGING["root"]["level"] = "WARNING"
if "sqlite" in DATABASES["default"]["ENGINE"]:
    # A file, like production: WAL and the busy timeout apply, so concurrency tests mean something.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
