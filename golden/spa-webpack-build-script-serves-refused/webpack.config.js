// A hand-made webpack configuration for a browser app: the bundle and its page in build/.
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");

module.exports = {
  entry: "./src/index.js",
  output: {
    path: path.resolve(__dirname, "build"),
    filename: "main.js",
  },
  plugins: [new HtmlWebpackPlugin({ title: "A webpack app" })],
};
