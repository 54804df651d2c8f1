#!/bin/sh
exec xvfb-run -a viewer "$@"
