// The production build: the page from src/ into dist/, as a bundler would.
const fs = require("fs");
fs.mkdirSync("dist", { recursive: true });
fs.writeFileSync("dist/index.html", fs.readFileSync("src/index.html", "utf8").replace("{{built}}", "built"));
