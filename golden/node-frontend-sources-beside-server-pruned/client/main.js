import { marked } from "marked";

document.getElementById("root").innerHTML = marked.parse("# Panel");
