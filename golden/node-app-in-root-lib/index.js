const http = require('http');
const { greet } = require('./lib/greet');
http.createServer((req, res) => res.end(greet())).listen(3000);
