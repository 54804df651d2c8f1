#!/bin/sh
# The site proxies the API to the host the environment names.
sed "s|{%API_HOST%}|${API_HOST:-http://localhost:8084}|" /opt/deck/docker/site.conf > /etc/apache2/sites-available/deck.conf
a2ensite deck
apache2ctl -D FOREGROUND
