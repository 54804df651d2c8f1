new Vue({})
