#!/bin/sh
exec poetry run python -m dashboard
