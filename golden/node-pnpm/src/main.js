const Koa = require('koa'); new Koa().listen(4000);
