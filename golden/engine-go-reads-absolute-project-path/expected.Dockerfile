# The program reads a file of the project by its absolute path in the image (the shape of
# mozilla's go-bouncer: version.json, written by CI beside the sources, answers /__version__).
FROM golang:1.22 AS build

ENV PROJECT=example.com/versiond

COPY . /app

WORKDIR /app

RUN CGO_ENABLED=0 go install $PROJECT

FROM gcr.io/distroless/static-debian12:nonroot
ENV PROJECT=example.com/versiond
WORKDIR /app
COPY --from=build /go/bin/versiond /usr/local/bin/versiond
COPY --from=build /app/version.json /app/version.json
EXPOSE 8080
CMD ["versiond"]
