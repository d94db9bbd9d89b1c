"""Allow ``python -m cseas_site``."""

import sys

from .cli import main

sys.exit(main())
