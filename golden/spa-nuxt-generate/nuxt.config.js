export default { target: 'static' }
