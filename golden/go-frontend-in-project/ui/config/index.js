// vue-cli 2 webpack template: where `npm run build` writes the app.
const path = require('path')
module.exports = {
  build: {
    index: path.resolve(__dirname, '../dist/index.html'),
    assetsRoot: path.resolve(__dirname, '../dist'),
    assetsPublicPath: '/'
  }
}
