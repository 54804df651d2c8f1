const fs = require('fs');
const ms = require('ms');
require('http').createServer((req, res) => {
  fs.appendFileSync('/app/data/visits.log', new Date().toISOString() + '\n');
  res.end('up for ' + ms(process.uptime() * 1000) + '\n');
}).listen(3000);
