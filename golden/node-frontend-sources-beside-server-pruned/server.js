const express = require("express");
const routes = require("./routes/status");

const app = express();
app.use(express.static("public"));
app.use("/status", routes);
app.listen(3000);
