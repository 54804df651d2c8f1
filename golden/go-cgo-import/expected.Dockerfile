FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/imaging .

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /src
COPY --from=build /out/imaging /out/imaging
ENTRYPOINT ["/out/imaging"]
