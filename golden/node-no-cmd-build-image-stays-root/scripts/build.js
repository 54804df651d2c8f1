const fs = require("fs");
const isNumber = require("is-number");
fs.mkdirSync("static", { recursive: true });
fs.writeFileSync("static/index.html", "<p>" + require("../src/main.js")() + " " + isNumber(1) + "</p>");
