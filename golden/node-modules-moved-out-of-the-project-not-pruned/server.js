const ms = require('ms');
require('http').createServer((req, res) => res.end('up for ' + ms(process.uptime() * 1000) + '\n')).listen(3000);
