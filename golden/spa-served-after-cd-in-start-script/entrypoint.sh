#!/bin/sh
# serve the built client
cd client && npx serve -s -p 4018 build
