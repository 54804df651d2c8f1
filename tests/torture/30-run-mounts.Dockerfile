FROM golang:1.22
RUN --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=bind,source=.,target=/src \
    --network=none \
    go build ./...
RUN --mount="type=secret,id=npmrc,target=/root/.npmrc" npm ci
