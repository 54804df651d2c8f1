FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=1 go build -o /usr/local/bin/notes .

FROM gcr.io/distroless/base-debian12
WORKDIR /src
COPY --from=build /usr/local/bin/notes /usr/local/bin/notes
VOLUME /data
EXPOSE 8080
CMD ["notes", "-db", "/data/notes.db"]
