FROM node:18 AS build
WORKDIR /src
COPY . .
RUN npm install && \
    cp -r /src /usr/app && \
    cd / && rm -rf /src

FROM node:18-slim
RUN mkdir -p /usr/app && chown node /usr/app
COPY --from=build /usr/app /usr/app
WORKDIR /usr/app
USER node
EXPOSE 3000
CMD ["node", "server.js"]
