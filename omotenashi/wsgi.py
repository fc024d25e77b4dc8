import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omotenashi.settings")
application = get_wsgi_application()

# A web process (gunicorn worker, `omotenashi serve`, runserver) loads the knowledge index
# now, in a thread, instead of on its first search: the first suggestion after a restart
# does not wait for it. Migrations, commands and tests never import this module.
from omotenashi.knowledge.index import start_background_load  # noqa: E402

start_background_load()
