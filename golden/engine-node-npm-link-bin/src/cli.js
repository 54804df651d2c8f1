#!/usr/bin/env node
// Started through the symlink npm link made: its import resolves next to the real file.
import http from 'node:http';
import { greeting } from './greeting.js';

http.createServer((req, res) => res.end(greeting())).listen(Number(process.env.PORT || 3000));
