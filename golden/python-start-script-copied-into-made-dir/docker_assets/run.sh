#!/bin/bash
# wait for the search index, then serve
until curl -fs "$ES_URL"; do
  sleep 10
done
exec python app.py
