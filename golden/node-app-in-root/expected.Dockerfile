FROM node:16 AS build
COPY package.json package-lock.json /
RUN npm install --production
COPY server.js /
COPY src /src

FROM node:16-slim
COPY --from=build /node_modules /node_modules
COPY --from=build /package-lock.json /package-lock.json
COPY --from=build /package.json /package.json
COPY --from=build /server.js /server.js
COPY --from=build /src /src
EXPOSE 3000
CMD ["node", "server.js"]
