FROM node:16 AS build
COPY package.json package-lock.json /
RUN npm install --production
COPY server.js /
COPY src /src

FROM node:16-slim
COPY --from=build --chown=node /node_modules /node_modules
COPY --from=build --chown=node /package-lock.json /package-lock.json
COPY --from=build --chown=node /package.json /package.json
COPY --from=build --chown=node /server.js /server.js
COPY --from=build --chown=node /src /src
USER node
EXPOSE 3000
CMD ["node", "server.js"]
