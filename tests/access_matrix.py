"""Who gets what from every route: the declared answer of tests/test_access_matrix.py.

Each row names the kind of object its path parameter takes and, per variant of that object, the answer of
every caller in CALLERS order:

- ``own``: an object of 干部一科, the unit of gb1-head and gb1-staff, in deputy1's charge;
- ``other``: the same object of 干部二科 (gb2-staff's unit), also in deputy1's charge;
- ``forged``: an id or key that does not exist;
- ``any``: an object no unit owns; ``-``: a route without a parameter.

Answers: ``2xx``, ``login`` (a redirect to the login page), ``3xx`` (any other redirect), or the status code.
``anonymous_post`` is the answer to an empty POST without a login (None: not posted, e.g. the login form).

A new route needs a row here before the suite passes. Change a row when the rule changes, never to make an
observed leak pass: a ``2xx`` where the caller has no business is a bug to fix in the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CALLERS = (
    "anon",
    "head",
    "deputy1",
    "gb1-head",
    "gb1-staff",
    "inspector",
    "jcq-head",
    "gb2-staff",
    "admin",
    "secadmin",
    "auditor",
)
FORGED = {
    "task": 999999,
    "extension": 999999,
    "file": "no-such-file",
    "directive": 999999,
    "requirement": 999999,
    "unit": 999999,
    "person": 999999,
    "notification": 999999,
    "robot": 999999,
    "outbox": 999999,
    "year": 1900,
    "import": 999999,
    "campaign": 999999,
    "visit": 999999,
    "photo": "no-such-photo",
    "document": 999999,
    "problem": 999999,
    "problemfile": "no-such-file",
    "category": 999999,
    "scheme": 999999,
    "period": 999999,
    "score": 999999,
    "adjustment": 999999,
    "matter": 999999,
    "meeting": 999999,
    "report": 999999,
    "study": 999999,
    "studyphoto": "no-such-photo",
    "taskphoto": "no-such-photo",
    "training": 999999,
    "export": 999999,
}
FIXED = {"action": "acknowledge", "decision": "approve", "fmt": "docx", "kind": "tasks-ledger"}


@dataclass(frozen=True)
class Row:
    kind: str
    get: dict[str, str] = field(default_factory=dict)
    anonymous_post: str | None = "login"


MATRIX: dict[str, Row] = {
    # ---------------------------------------------------------------- /
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "": Row(
        "none",
        {
            "-": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    # ---------------------------------------------------------------- /accounts/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "accounts/login/": Row(
        "none",
        {
            "-": "2xx   3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
        anonymous_post="2xx",
    ),
    "accounts/logout/": Row(
        "none",
        {
            "-": "3xx   3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "accounts/password/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
        },
    ),
    "accounts/audit/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  403   403  2xx",
        },
    ),
    "accounts/audit/export.xlsx": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  403   403  2xx",
        },
    ),
    "accounts/login/verify/": Row(
        "none",
        {  # the second step: without a password just given, back to the login
            "-": "login login login login login login login login login login login",
        },
    ),
    "accounts/password/reset/": Row(
        "none",
        {
            "-": "2xx   2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
        },
        anonymous_post="2xx",
    ),
    "accounts/tokens/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
        },
    ),
    "accounts/two-factor/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
        },
    ),
    # ---------------------------------------------------------------- /org/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "org/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
        },
    ),
    "org/units/<int:pk>/": Row(
        "unit",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
            "other": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
            "forged": "login 404  404  404  404  404  404  404  404   404  404",
        },
    ),
    "org/units/<int:pk>/staff-acknowledge/": Row(
        "unit",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "org/people/<int:pk>/": Row(
        "person",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
            "other": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
            "forged": "login 404  404  404  404  404  404  404  404   404  404",
        },
    ),
    "org/manage/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  2xx   403  403",
        },
    ),
    "org/manage/units/add/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  2xx   403  403",
        },
    ),
    "org/manage/units/<int:pk>/": Row(
        "unit",
        {
            "own": "login 403  403  403  403  403  403  403  2xx   403  403",
            "other": "login 403  403  403  403  403  403  403  2xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  404   403  403",
        },
    ),
    "org/manage/people/add/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  2xx   403  403",
        },
    ),
    "org/manage/people/<int:pk>/": Row(
        "person",
        {
            "own": "login 403  403  403  403  403  403  403  2xx   403  403",
            "other": "login 403  403  403  403  403  403  403  2xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  404   403  403",
        },
    ),
    "org/manage/people/<int:pk>/password-half/": Row(
        "person",
        {
            "own": "login 403  403  403  403  403  403  403  3xx   403  403",
            "other": "login 403  403  403  403  403  403  403  3xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  404   403  403",
        },
    ),
    "org/manage/people/<int:pk>/reset-password/": Row(
        "person",
        {
            "own": "login 403  403  403  403  403  403  403  3xx   403  403",
            "other": "login 403  403  403  403  403  403  403  3xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  404   403  403",
        },
    ),
    "org/people/<int:pk>/reset-code/": Row(
        "person",
        {  # GET goes back to the person page; issuing is a POST
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 404  404  404  404  404  404  404  404   404  404",
        },
    ),
    "org/manage/import/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  2xx   403  403",
        },
    ),
    "org/manage/import/template.xlsx": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  2xx   403  403",
        },
    ),
    "org/roles/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  403   2xx  403",
        },
    ),
    "org/roles/<int:pk>/": Row(
        "person",
        {
            "own": "login 403  403  403  403  403  403  403  403   2xx  403",
            "other": "login 403  403  403  403  403  403  403  403   2xx  403",
            "forged": "login 403  403  403  403  403  403  403  403   404  403",
        },
    ),
    "org/roles/unlock/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  403   3xx  403",
        },
    ),
    "org/roles/proposals/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  403   2xx  403",
        },
    ),
    "org/roles/delegation/": Row(
        "none",
        {
            "-": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    # the pickers answer from the caller's own reach (none for an administrator: an empty list)
    "org/pick/units/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
        },
    ),
    "org/pick/people/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
        },
    ),
    "org/pick/leaders/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
        },
    ),
    # ---------------------------------------------------------------- /tasks/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "tasks/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "tasks/inbox/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "tasks/policy/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  2xx   403  403",
        },
    ),
    "tasks/reminders/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  2xx   403  403",
        },
    ),
    "tasks/export.xlsx": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "tasks/print/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "tasks/selected/": Row(
        "none",
        {
            "-": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "tasks/overview/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  403  2xx  2xx  403  403   403  403",
        },
    ),
    "tasks/new/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "tasks/<int:pk>/": Row(
        "task",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  404   404  404",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  404   404  404",
            "forged": "login 404  404  404  404  404  404  404  404   404  404",
        },
    ),
    "tasks/<int:pk>/print/": Row(
        "task",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  404   404  404",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  404   404  404",
            "forged": "login 404  404  404  404  404  404  404  404   404  404",
        },
    ),
    # The edit form only for those who may change the task: the inspector and staff read, never edit.
    "tasks/<int:pk>/edit/": Row(
        "task",
        {
            "own": "login 2xx  2xx  2xx  403  403  404  404  404   404  404",
            "other": "login 2xx  2xx  404  404  403  404  403  404   404  404",
            "forged": "login 404  404  404  404  404  404  404  404   404  404",
        },
    ),
    "tasks/<int:pk>/do/<str:action>/": Row(
        "task",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "tasks/extensions/<int:pk>/<str:decision>/": Row(
        "extension",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "tasks/files/<str:token>/": Row(
        "file",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  404   404  404",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  404   404  404",
            "forged": "login 404  404  404  404  404  404  404  404   404  404",
        },
    ),
    "tasks/files/<str:token>/photo/": Row(
        "taskphoto",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  404   404  404",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  404   404  404",
            "forged": "login 404  404  404  404  404  404  404  404   404  404",
        },
    ),
    # ---------------------------------------------------------------- /problems/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "problems/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "problems/export.xlsx": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "problems/print/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "problems/new/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "problems/similar/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "problems/<int:pk>/": Row(
        "problem",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "problems/<int:pk>/do/<str:action>/": Row(
        "problem",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "problems/files/<str:token>/": Row(
        "problemfile",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "problems/categories/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  2xx   403  403",
        },
    ),
    "problems/categories/<int:pk>/<str:action>/": Row(
        "category",
        {
            "any": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    # ---------------------------------------------------------------- /directives/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "directives/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "directives/export.xlsx": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "directives/new/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  403  2xx  2xx  403   403  403",
        },
    ),
    "directives/<int:pk>/": Row(
        "directive",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "other": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "directives/<int:pk>/decide/": Row(
        "requirement",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "directives/<int:pk>/coverage/": Row(
        "directive",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "other": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "directives/<int:pk>/export.<str:fmt>": Row(
        "directive",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "other": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "directives/<int:pk>/instruction/": Row(
        "requirement",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    # ---------------------------------------------------------------- /imports/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "imports/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "imports/<int:pk>/": Row(
        "import",
        {  # an import is its uploader's work in progress (gb1-staff's, gb2-staff's)
            "own": "login 404  404  404  2xx  404  404  404  403   403  403",
            "other": "login 404  404  404  404  404  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "imports/<int:pk>/commit/": Row(
        "import",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "imports/<int:pk>/directive/": Row(
        "import",
        {  # the prose of a Word ledger entered as a directive: posted only
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "imports/<int:pk>/export/": Row(
        "import",
        {  # its uploader's; one not yet imported has nothing to export (the page says so)
            "own": "login 404  404  404  400  404  404  404  403   403  403",
            "other": "login 404  404  404  404  404  404  400  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "imports/<int:pk>/progress/": Row(
        "import",
        {  # the progress bar of a queued import: its uploader's, as the import itself
            "own": "login 404  404  404  2xx  404  404  404  403   403  403",
            "other": "login 404  404  404  404  404  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    # ---------------------------------------------------------------- /exports/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "exports/": Row(
        "none",
        {  # 我的导出: everyone's own list
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
        },
    ),
    "exports/start/<str:kind>/": Row(
        "none",
        {  # a list's 导出Excel button: posted only
            "-": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "exports/<int:pk>/": Row(
        "export",
        {  # an export is its requester's (gb1-staff's, gb2-staff's): it holds what they saw
            "own": "login 404  404  404  2xx  404  404  404  404   404  404",
            "other": "login 404  404  404  404  404  404  2xx  404   404  404",
            "forged": "login 404  404  404  404  404  404  404  404   404  404",
        },
    ),
    "exports/<int:pk>/progress/": Row(
        "export",
        {
            "own": "login 404  404  404  2xx  404  404  404  404   404  404",
            "other": "login 404  404  404  404  404  404  2xx  404   404  404",
            "forged": "login 404  404  404  404  404  404  404  404   404  404",
        },
    ),
    "exports/<int:pk>/download/": Row(
        "export",
        {
            "own": "login 404  404  404  2xx  404  404  404  404   404  404",
            "other": "login 404  404  404  404  404  404  2xx  404   404  404",
            "forged": "login 404  404  404  404  404  404  404  404   404  404",
        },
    ),
    # ---------------------------------------------------------------- /workdays/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "workdays/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  2xx   403  403",
        },
    ),
    "workdays/<int:year>/": Row(
        "year",
        {
            "any": "login 403  403  403  403  403  403  403  2xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  2xx   403  403",
        },
    ),
    "workdays/<int:year>/day/": Row(
        "year",
        {
            "any": "login 403  403  403  403  403  403  403  3xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  3xx   403  403",
        },
    ),
    "workdays/<int:year>/day/clear/": Row(
        "year",
        {
            "any": "login 403  403  403  403  403  403  403  3xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  3xx   403  403",
        },
    ),
    "workdays/<int:year>/import/": Row(
        "year",
        {
            "any": "login 403  403  403  403  403  403  403  3xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  3xx   403  403",
        },
    ),
    "workdays/<int:year>/mark/": Row(
        "year",
        {
            "any": "login 403  403  403  403  403  403  403  3xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  3xx   403  403",
        },
    ),
    "workdays/<int:year>/template.xlsx": Row(
        "year",
        {
            "any": "login 403  403  403  403  403  403  403  2xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  2xx   403  403",
        },
    ),
    # ---------------------------------------------------------------- /notify/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "notify/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "notify/<int:pk>/read/": Row(
        "notification",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  403   403  403",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  403   403  403",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  403   403  403",
        },
    ),
    "notify/read-all/": Row(
        "none",
        {
            "-": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  403   403  403",
        },
    ),
    "notify/robots/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  2xx   403  403",
        },
    ),
    "notify/robots/<int:pk>/": Row(
        "robot",
        {
            "own": "login 403  403  403  403  403  403  403  2xx   403  403",
            "other": "login 403  403  403  403  403  403  403  2xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  404   403  403",
        },
    ),
    "notify/robots/<int:pk>/test/": Row(
        "robot",
        {
            "own": "login 403  403  403  403  403  403  403  3xx   403  403",
            "other": "login 403  403  403  403  403  403  403  3xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  3xx   403  403",
        },
    ),
    "notify/robots/<int:pk>/delete/": Row(
        "robot",
        {
            "own": "login 403  403  403  403  403  403  403  3xx   403  403",
            "other": "login 403  403  403  403  403  403  403  3xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  3xx   403  403",
        },
    ),
    "notify/outbox/": Row(
        "none",
        {
            "-": "login 403  403  403  403  403  403  403  2xx   403  403",
        },
    ),
    "notify/outbox/<int:pk>/retry/": Row(
        "outbox",
        {
            "any": "login 403  403  403  403  403  403  403  3xx   403  403",
            "forged": "login 403  403  403  403  403  403  403  3xx   403  403",
        },
    ),
    # ---------------------------------------------------------------- /study/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "study/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "study/export.xlsx": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    # Only a unit's own head or staff record its study: not a deputy, nor the read-only 督查员.
    "study/new/": Row(
        "none",
        {
            "-": "login 2xx  403  2xx  2xx  403  2xx  2xx  403   403  403",
        },
    ),
    "study/<int:pk>/": Row(
        "study",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "study/photos/<str:token>/": Row(
        "studyphoto",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    # ---------------------------------------------------------------- /training/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "training/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "training/export.xlsx": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "training/new/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  403  2xx  2xx  403   403  403",
        },
    ),
    "training/<int:pk>/": Row(
        "training",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "training/<int:pk>/enrol/": Row(
        "training",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  403   403  403",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  403   403  403",
        },
    ),
    "training/<int:pk>/attendance/": Row(
        "training",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  403   403  403",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  403   403  403",
        },
    ),
    "training/people/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "training/people/export.xlsx": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "training/people/<int:pk>/": Row(
        "person",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    # ---------------------------------------------------------------- /inspections/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "inspections/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "inspections/export.xlsx": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "inspections/new/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  403  2xx  2xx  403  403   403  403",
        },
    ),
    "inspections/<int:pk>/": Row(
        "campaign",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "inspections/<int:pk>/findings/": Row(
        "campaign",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  403   403  403",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  403   403  403",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  403   403  403",
        },
    ),
    "inspections/<int:pk>/bulletin/": Row(
        "campaign",
        {
            "own": "login 2xx  2xx  403  403  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  403  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "inspections/bulletin/": Row(
        "none",
        {
            "-": "login 2xx  2xx  403  403  2xx  403  403  403   403  403",
        },
    ),
    "inspections/visits/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "inspections/visits/export.xlsx": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "inspections/visits/new/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "inspections/visits/<int:pk>/": Row(
        "visit",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "inspections/visits/photos/<str:token>/": Row(
        "photo",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "inspections/documents/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "inspections/documents/issue/": Row(
        "none",
        {
            "-": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  403   403  403",
        },
    ),
    "inspections/documents/<int:pk>/": Row(
        "document",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "inspections/documents/problems/<int:pk>/": Row(
        "problem",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    # ---------------------------------------------------------------- /api/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "api/v1/auth/token/": Row(
        "none",
        {
            "-": "405   405  405  405  405  405  405  405  405   405  405",
        },
        anonymous_post="400",
    ),
    "api/v1/me/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
        },
        anonymous_post="401",
    ),
    "api/v1/schema/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
        },
        anonymous_post="401",
    ),
    "api/v1/docs/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  2xx   2xx  2xx",
        },
        anonymous_post="401",
    ),
    "api/v1/units/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/units/<pk>/": Row(
        "unit",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "other": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/people/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/people/<pk>/": Row(
        "person",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "other": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/directives/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/directives/<pk>/": Row(
        "directive",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "other": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/directives/<pk>/requirements/": Row(
        "directive",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "other": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/directives/<pk>/assign/": Row(
        "directive",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/directives/<pk>/instruction/": Row(
        "directive",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/directives/<pk>/extraction/": Row(
        "directive",
        {  # entered inline: no queued job to report
            "own": "401   404  404  404  404  404  404  404  403   403  403",
            "other": "401   404  404  404  404  404  404  404  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/directives/<pk>/answers/": Row(
        "directive",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/requirements/<pk>/": Row(
        "requirement",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "other": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/requirements/<pk>/answers/": Row(
        "requirement",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/requirements/<pk>/accept/": Row(
        "requirement",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/requirements/<pk>/reject/": Row(
        "requirement",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/": Row(
        "task",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/acknowledge/": Row(
        "task",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/approve-close/": Row(
        "task",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/review-close/": Row(
        "task",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/assign/": Row(
        "task",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/cancel/": Row(
        "task",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/feedback/": Row(
        "task",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/parts/": Row(
        "task",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/history/": Row(
        "task",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/reject-close/": Row(
        "task",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/reopen/": Row(
        "task",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/request-close/": Row(
        "task",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/request-extension/": Row(
        "task",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/tasks/<pk>/return/": Row(
        "task",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/extensions/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/extensions/<pk>/": Row(
        "extension",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/extensions/<pk>/approve/": Row(
        "extension",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/extensions/<pk>/refuse/": Row(
        "extension",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/problems/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/problems/similar/": Row(
        "none",
        {
            "-": "401   400  400  400  400  400  400  400  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/problems/categories/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/problems/common/": Row(
        "none",
        {
            "-": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/problems/<pk>/": Row(
        "problem",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/problems/<pk>/measures/": Row(
        "problem",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/problems/<pk>/close/": Row(
        "problem",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/problems/<pk>/confirm/": Row(
        "problem",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/problems/<pk>/dismiss/": Row(
        "problem",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/problems/<pk>/recheck/": Row(
        "problem",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/notifications/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/notifications/<pk>/": Row(
        "notification",
        {
            "own": "401   404  404  404  2xx  404  404  404  403   403  403",
            "other": "401   404  404  404  404  404  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/notifications/<pk>/read/": Row(
        "notification",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/exports/": Row(
        "none",
        {  # the caller's own exports; an export is asked for by POST
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/exports/<pk>/": Row(
        "export",
        {  # an export is its requester's (gb1-staff's, gb2-staff's)
            "own": "401   404  404  404  2xx  404  404  404  403   403  403",
            "other": "401   404  404  404  404  404  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/exports/<pk>/download/": Row(
        "export",
        {
            "own": "401   404  404  404  2xx  404  404  404  403   403  403",
            "other": "401   404  404  404  404  404  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/imports/tasks/": Row(
        "none",
        {
            "-": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/imports/<pk>/": Row(
        "import",
        {  # an import is its uploader's work in progress (gb1-staff's, gb2-staff's)
            "own": "401   404  404  404  2xx  404  404  404  403   403  403",
            "other": "401   404  404  404  404  404  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/imports/<pk>/commit/": Row(
        "import",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/imports/<pk>/directive/": Row(
        "import",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/imports/<pk>/export/": Row(
        "import",
        {  # its uploader's; one not yet imported is a 409 not_committed
            "own": "401   404  404  404  409  404  404  404  403   403  403",
            "other": "401   404  404  404  404  404  404  409  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/campaigns/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/campaigns/<pk>/": Row(
        "campaign",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/campaigns/<pk>/findings/": Row(
        "campaign",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/campaigns/<pk>/checklist/": Row(
        "campaign",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/campaigns/<pk>/bulletin/": Row(
        "campaign",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/visits/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/visits/<pk>/": Row(
        "visit",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/study-sessions/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/study-sessions/<pk>/": Row(
        "study",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/trainings/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/trainings/<pk>/": Row(
        "training",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/trainings/<pk>/enrolments/": Row(
        "training",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/trainings/<pk>/attendance/": Row(
        "training",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/documents/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/documents/<pk>/": Row(
        "document",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/documents/<pk>/download/": Row(
        "document",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    # ---------------------------------------------------------------- /assessment/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "assessment/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "assessment/schemes/new/": Row(
        "none",
        {
            "-": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "assessment/schemes/<int:pk>/": Row(
        "scheme",
        {
            "any": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "assessment/schemes/<int:pk>/weights/": Row(
        "scheme",
        {
            "any": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "assessment/schemes/<int:pk>/periods/": Row(
        "scheme",
        {
            "any": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "assessment/periods/<int:pk>/": Row(
        "period",
        {
            "any": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "assessment/periods/<int:pk>/compute/": Row(
        "period",
        {
            "any": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "assessment/periods/<int:pk>/publish/": Row(
        "period",
        {
            "any": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "assessment/periods/<int:pk>/reopen/": Row(
        "period",
        {
            "any": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "assessment/periods/<int:pk>/ranking.xlsx": Row(
        "period",
        {
            "any": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "assessment/periods/<int:pk>/scores.xlsx": Row(
        "period",
        {
            "any": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "assessment/periods/<int:pk>/results.docx": Row(
        "period",
        {  # the department leaders' 考核结果通报, once published (the period here is not)
            "any": "login 404  404  403  403  403  403  403  403   403  403",
            "forged": "login 404  404  403  403  403  403  403  403   403  403",
        },
    ),
    "assessment/scores/<int:pk>/": Row(
        "score",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "assessment/scores/<int:pk>/judge/": Row(
        "score",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "assessment/scores/<int:pk>/adjust/": Row(
        "score",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "assessment/adjustments/<int:pk>/<str:decision>/": Row(
        "adjustment",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    # ---------------------------------------------------------------- /meetings/
    #          anon  head dep1 gb1h gb1s insp jcqh gb2s admin sec  aud
    "meetings/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "meetings/export.xlsx": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "meetings/new/": Row(
        "none",
        {
            "-": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "meetings/<int:pk>/": Row(
        "meeting",
        {
            "any": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "meetings/<int:pk>/decisions/": Row(
        "meeting",
        {
            "any": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "meetings/<int:pk>/close/": Row(
        "meeting",
        {
            "any": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "meetings/reports/<int:pk>/": Row(
        "report",
        {  # a section's report: its own people, the leader in charge, the head and the inspector
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "meetings/reports/<int:pk>/edit/": Row(
        "report",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "meetings/reports/<int:pk>/comment/": Row(
        "report",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "assessment/accountability/": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "assessment/accountability/export.xlsx": Row(
        "none",
        {
            "-": "login 2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
    ),
    "assessment/accountability/<int:pk>/": Row(
        "matter",
        {
            "own": "login 2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "login 2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "login 404  404  404  404  404  404  404  403   403  403",
        },
    ),
    "assessment/accountability/<int:pk>/explain/": Row(
        "matter",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    "assessment/accountability/<int:pk>/decide/": Row(
        "matter",
        {
            "own": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "other": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
            "forged": "login 3xx  3xx  3xx  3xx  3xx  3xx  3xx  3xx   3xx  3xx",
        },
    ),
    # ---------------------------------------------------------------- /api/v1/assessment/
    "api/v1/assessment/schemes/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/assessment/schemes/<pk>/": Row(
        "scheme",
        {
            "any": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/assessment/periods/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/assessment/periods/<pk>/": Row(
        "period",
        {
            "any": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/assessment/periods/<pk>/scores/": Row(
        "period",
        {
            "any": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/assessment/periods/<pk>/ranking/": Row(
        "period",
        {
            "any": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    # ---------------------------------------------------------------- /api/v1/meetings/
    "api/v1/meetings/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/meetings/<pk>/": Row(
        "meeting",
        {
            "any": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/meetings/<pk>/reports/": Row(
        "meeting",
        {  # POST only: a section's head submits its own section's report
            "any": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/meetings/<pk>/comments/": Row(
        "meeting",
        {  # POST only: a leader over the section comments on its report
            "any": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/accountability/": Row(
        "none",
        {
            "-": "401   2xx  2xx  2xx  2xx  2xx  2xx  2xx  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/accountability/<pk>/": Row(
        "matter",
        {
            "own": "401   2xx  2xx  2xx  2xx  2xx  404  404  403   403  403",
            "other": "401   2xx  2xx  404  404  2xx  404  2xx  403   403  403",
            "forged": "401   404  404  404  404  404  404  404  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/accountability/<pk>/explain/": Row(
        "matter",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/accountability/<pk>/decide/": Row(
        "matter",
        {
            "own": "401   405  405  405  405  405  405  405  403   403  403",
            "other": "401   405  405  405  405  405  405  405  403   403  403",
            "forged": "401   405  405  405  405  405  405  405  403   403  403",
        },
        anonymous_post="401",
    ),
    "api/v1/.*": Row(
        "none",
        {
            "-": "404   404  404  404  404  404  404  404  404   404  404",
        },
        anonymous_post="404",
    ),
}
