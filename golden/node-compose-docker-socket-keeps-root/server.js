const http = require('http');
const ms = require('ms');
// Lists the host's containers through the Docker socket the Compose file mounts.
http.createServer((req, res) => {
  http.get({ socketPath: '/var/run/docker.sock', path: '/containers/json' }, (d) => {
    let body = '';
    d.on('data', (c) => (body += c));
    d.on('end', () => res.end(JSON.parse(body).length + ' containers, up for ' + ms(process.uptime() * 1000) + '\n'));
  }).on('error', (e) => { res.statusCode = 500; res.end(e.message + '\n'); });
}).listen(8080);
