#!/usr/bin/env node
const fs = require('fs'), path = require('path'), http = require('http');
const cmd = process.argv[2];
if (cmd === 'build') {
  fs.mkdirSync('dist', { recursive: true });
  fs.copyFileSync('index.html', path.join('dist', 'index.html'));
  fs.cpSync('src', path.join('dist', 'assets'), { recursive: true });
} else if (cmd === 'preview') {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 4173;
  http.createServer((req, res) => {
    const file = path.join('dist', req.url === '/' ? 'index.html' : req.url);
    fs.readFile(fs.existsSync(file) ? file : path.join('dist', 'index.html'), (e, b) => res.end(b));
  }).listen(port, '0.0.0.0');
}
