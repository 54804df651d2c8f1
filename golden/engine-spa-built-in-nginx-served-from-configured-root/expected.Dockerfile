FROM nginx:stable AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
COPY package.json /web/package.json
RUN cd /web && npm install
# The server's configuration, filled from the environment when the container starts.
COPY nginx.conf.template /etc/nginx/nginx.conf.template
COPY start.sh /usr/local/bin/start.sh
COPY . /web
WORKDIR /web
ENV LISTEN_PORT 8000
RUN npm run build

FROM nginx:stable
COPY nginx.conf.template /etc/nginx/nginx.conf.template
COPY start.sh /usr/local/bin/start.sh
ENV LISTEN_PORT 8000
EXPOSE 8000
COPY --from=build /web/dist /web/dist
CMD ["start.sh"]
