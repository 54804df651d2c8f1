FROM node:18
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn build --configuration production
RUN yarn global add http-server
CMD ["http-server", "dist/shop", "-p", "8080"]
