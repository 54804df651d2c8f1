# A shell-form start that changes directory, then runs the program through gosu (`cd /src &&
# exec gosu web bin/server`): the program is bin/server, gosu its runner. msify used to take gosu
# for the program and refused ("the container runs gosu, but the build produces /src/bin/server").
FROM golang:1.22 AS build
RUN apt-get update && apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home web
WORKDIR /src
COPY . .
RUN go build -o bin/server .

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates gosu && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home web
WORKDIR /src
COPY --from=build /src/bin/server /src/bin/server
CMD cd /src && exec gosu web bin/server --listen :8080
