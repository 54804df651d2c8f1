echo init
