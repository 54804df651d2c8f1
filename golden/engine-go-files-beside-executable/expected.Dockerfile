FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/broker .

FROM gcr.io/distroless/static-debian12
WORKDIR /src
COPY --from=build /usr/local/bin/broker /usr/local/bin/broker
EXPOSE 4000
CMD ["broker"]
