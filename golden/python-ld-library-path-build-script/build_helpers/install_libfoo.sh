#!/bin/sh
# Builds the C library the Python wrapper links, into /usr/local.
set -e
tar xzf libfoo-1.0.tar.gz
cd libfoo-1.0 && ./configure --prefix=/usr/local && make && make install
