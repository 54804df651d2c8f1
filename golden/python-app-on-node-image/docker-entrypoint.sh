#!/bin/sh
python3 manage.py migrate
gunicorn app.wsgi:application -b :8000
