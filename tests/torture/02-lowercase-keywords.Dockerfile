from debian:12 as base
run apt-get update
cmd ["bash"]
