module.exports = (config) => {
  config.set({ frameworks: ["jasmine"], plugins: [require("karma-jasmine")], files: ["*.spec.js"] });
};
