FROM node:16-alpine AS build
WORKDIR /home/app
COPY client/package.json client/package-lock.json client/
COPY server/package.json server/package-lock.json server/
RUN cd server && npm ci --production
RUN cd client && npm ci
COPY server/ server/
COPY client/ client/
RUN cd client && npm run build

FROM node:16-alpine
RUN mkdir -p /home/app && chown node /home/app
WORKDIR /home/app
COPY --from=build --chown=node /home/app/client /home/app/client
COPY --from=build --chown=node /home/app/server /home/app/server
USER node
ENV NODE_ENV=production PORT=5000
EXPOSE 5000
# both packages sit under the WORKDIR: the file the command runs says which one is the app
CMD ["node", "server/bin/www"]
