"""egov/filters.py is now egov/shell.py (the app shell). This alias lives for one commit, until the read
layer split gives egov.filters its own job (the filter model)."""

import sys

from egov import shell

sys.modules[__name__] = shell
