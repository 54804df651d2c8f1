FROM golang:1.22 AS build
# system packages needed to build
RUN apt-get update \
    # git for private modules
    && apt-get install -y git \

    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
# static binary
RUN CGO_ENABLED=0 go build \
    # strip symbols
    -ldflags="-s -w" \
    -o /bin/tools .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /bin/tools /bin/tools
# the service port
EXPOSE 9090
# run it
CMD ["/bin/tools"]
