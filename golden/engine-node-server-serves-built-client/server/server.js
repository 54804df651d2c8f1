// The API and the client the image built into public/: a missing client is a 500.
const http = require('http'), fs = require('fs'), path = require('path');
const port = process.env.PORT || 3000;
http.createServer((req, res) => {
  if (req.url === '/api/health') return res.end('{"ok":true}\n');
  fs.readFile(path.join(__dirname, 'public', 'index.html'), (err, page) => {
    res.statusCode = err ? 500 : 200;
    res.end(err ? 'client not built\n' : page);
  });
}).listen(port, () => console.log(`listening on ${port}`));
