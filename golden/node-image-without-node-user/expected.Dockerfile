# Node 6.2 images predate the `node` account (added to the official images in November 2016).
FROM node:6.2.0 AS build
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm install --production
COPY . .

FROM node:6.2.0-slim
WORKDIR /usr/src/app
COPY --from=build /usr/src/app /usr/src/app
EXPOSE 3000
CMD ["node", "server.js"]
