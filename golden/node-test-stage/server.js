const express = require('express');
const app = express();
app.get('/', (_, res) => res.send('ok'));
if (require.main === module) app.listen(3000);
module.exports = app;
