#!/bin/sh
awslocal s3 mb s3://assets || true
exec node server.js
