FROM golang:1.22 AS build
WORKDIR /go/src/notes
COPY . .
RUN go build -o /usr/local/bin/notes .

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /go/src/notes
COPY --from=build /usr/local/bin/notes /usr/local/bin/notes
COPY --from=build /go/src/notes/templates /go/src/notes/templates
EXPOSE 8080
CMD ["notes"]
