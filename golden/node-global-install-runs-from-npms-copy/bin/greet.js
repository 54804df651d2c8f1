#!/usr/bin/env node
const isNumber = require("is-number");
console.log("greet", process.argv.slice(2).join(" "), isNumber(1));
