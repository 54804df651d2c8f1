FROM golang:1.22-bookworm AS build
WORKDIR /src
COPY . .
RUN make install

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /src
COPY --from=build /src/bin/api /usr/local/bin/api
ENV PATH=/src/bin:$PATH
EXPOSE 8080
CMD ["api"]
