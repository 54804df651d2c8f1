FROM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN CGO_ENABLED=0 go build -o /app/base .

FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.source="https://example.com/base" \
      org.opencontainers.image.licenses="MIT"
MAINTAINER platform-team@example.com
WORKDIR /app
COPY --from=build /app/base /app/base
ONBUILD RUN echo "derived image"
EXPOSE 8080
CMD ["/app/base"]
