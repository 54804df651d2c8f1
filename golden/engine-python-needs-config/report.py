"""Writes its run log under output/ in its working directory, then needs a config file the
image does not carry: started without one, it exits 2, as the real app this case stands for."""
import os
import sys

import six  # noqa: F401  (a dependency from PyPI, so the venv is exercised)

os.makedirs("output", exist_ok=True)
with open(os.path.join("output", "run.log"), "w") as log:
    log.write("started\n")
if not os.path.exists("config.yml"):
    print("error: config.yml not found (mount one at /srv/report/config.yml)", file=sys.stderr)
    sys.exit(2)
print("report ok")
