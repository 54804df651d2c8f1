#!/bin/sh
echo migrated
