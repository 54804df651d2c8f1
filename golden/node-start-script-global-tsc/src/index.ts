console.log("bot");
