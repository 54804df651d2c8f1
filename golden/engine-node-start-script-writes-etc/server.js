const http = require('http');
const ms = require('ms');
const port = process.env.PORT || 3000;
http.createServer((req, res) => res.end(`up for ${ms(Math.round(process.uptime() * 1000))}\n`)).listen(port, () => console.log(`listening on ${port}`));
