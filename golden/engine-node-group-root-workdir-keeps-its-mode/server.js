// Writes its state file into its working directory at start, as the user the image runs as:
// the process exits if that directory is not its own.
const fs = require('fs');
const http = require('http');
fs.writeFileSync('state.json', JSON.stringify({ started: new Date().toISOString() }));
const port = process.env.PORT || 3000;
http.createServer((req, res) => res.end(fs.readFileSync('state.json'))).listen(port, () => console.log(`listening on ${port}`));
