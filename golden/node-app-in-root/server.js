require("express")().get("/", (q, r) => r.send(require("./src/hello"))).listen(3000);
