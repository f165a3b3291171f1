"""gunicorn's configuration for `luoshi serve` and `luoshi demo`.

gunicorn names itself and its version in every answer's ``Server`` header and in ``SERVER_SOFTWARE``, and
has no setting to change that; this file runs in the master before any worker starts, so replacing the
module-level names here is what every worker answers with.
"""

import gunicorn
import gunicorn.arbiter
import gunicorn.http.wsgi

SERVER_NAME = "luoshi"

gunicorn.SERVER = gunicorn.http.wsgi.SERVER = SERVER_NAME
gunicorn.SERVER_SOFTWARE = gunicorn.arbiter.SERVER_SOFTWARE = gunicorn.http.wsgi.SERVER_SOFTWARE = SERVER_NAME

# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl), so a second
# instance on the machine (a demo beside the server, a benchmark) takes it over from the first; luoshi is
# run and stopped by its own commands and the service manager, not gunicornc.
control_socket_disable = True
