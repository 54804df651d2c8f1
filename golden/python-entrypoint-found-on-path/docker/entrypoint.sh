#!/bin/sh
set -e
# The settings come from the deployment's config service.
curl -fsS "$CONFIG_URL" -o /tmp/settings.json
exec "$@"
