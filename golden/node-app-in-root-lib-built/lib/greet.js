exports.greet = () => 'hello from /lib\n';
