const express = require("express");
const app = express();
app.get("/", (req, res) => res.send("api"));
app.listen(4019);
