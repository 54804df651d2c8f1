# syntax=docker/dockerfile:1
FROM golang:1.22
RUN go version
