module.exports = () => "ui";
