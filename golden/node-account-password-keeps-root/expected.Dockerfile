FROM node:18-alpine AS build
WORKDIR /app
# A web terminal: visitors log in as term inside the container.
RUN adduser -D -h /home/term -s /bin/sh term && \
    ( echo "term:term" | chpasswd ) && \
    apk add --update build-base python3
COPY . /app
RUN npm install
RUN npm prune --omit=dev

FROM node:18-alpine
WORKDIR /app
RUN adduser -D -h /home/term -s /bin/sh term && echo "term:term" | chpasswd
COPY --from=build /app /app
EXPOSE 3000
CMD ["node", "server.js"]
