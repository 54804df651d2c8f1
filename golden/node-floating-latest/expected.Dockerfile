FROM node:latest as node
WORKDIR /app
COPY package*.json ./
RUN npm install
COPY . .
RUN npm prune --omit=dev

FROM node:slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=node --chown=node /app /app
USER node
EXPOSE 3000
CMD ["npm", "start"]
