FROM golang:1.22 AS build
WORKDIR /app
COPY backend/ .
RUN CGO_ENABLED=0 go build -o /app/backend .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/backend /app/backend
EXPOSE 8080
CMD ["/app/backend"]
