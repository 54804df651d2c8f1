#!/bin/sh
echo "starting"
npm run start-production
