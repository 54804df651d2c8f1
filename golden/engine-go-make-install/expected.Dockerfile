FROM golang:1.22-bookworm AS build
WORKDIR /src
COPY . .
RUN make install

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /src
COPY --from=build /usr/local/bin/server /usr/local/bin/server
EXPOSE 8080
CMD ["server", "-addr", ":8080"]
