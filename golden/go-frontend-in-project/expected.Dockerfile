# A Go server and the Vue UI it serves, built in one image (a legacy vue-cli 2 template).
FROM golang:1.22 AS build
RUN apt-get update && apt-get install -y nodejs npm
WORKDIR /go/src/github.com/acme/flags
COPY . .
RUN cd ui && npm install
RUN cd ui && npm run build
RUN CGO_ENABLED=0 go build -o flags .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /go/src/github.com/acme/flags
COPY --from=build /go/src/github.com/acme/flags/flags /go/src/github.com/acme/flags/flags
COPY --from=build /go/src/github.com/acme/flags/ui/dist /go/src/github.com/acme/flags/ui/dist
EXPOSE 18000
CMD ["./flags"]
