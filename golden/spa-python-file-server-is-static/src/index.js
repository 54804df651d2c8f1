console.log("editor")
