#!/bin/bash

# the API in the background, the built client in the foreground
cd server
NODE_ENV=production nohup node index.js &

cd ../client && npx serve -s -p 4018 build
