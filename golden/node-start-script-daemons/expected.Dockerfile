# A start script that starts sshd through `service` and the app through pm2-runtime
# (jbelford/Eolian's shape): root stays, the global pm2 and the root password are repeated.
FROM node:20 AS build
WORKDIR /usr/src/app
COPY . .
RUN apt-get update \
    && apt-get install -y --no-install-recommends openssh-server \
    && echo "root:Docker!" | chpasswd \
    && chmod u+x ./entrypoint.sh
COPY sshd_config /etc/ssh/
RUN npm ci && npm run build
RUN npm install pm2 -g
RUN npm prune --omit=dev

FROM node:20-slim
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src/app
RUN echo "root:Docker!" | chpasswd
COPY sshd_config /etc/ssh/
RUN npm install pm2 -g
COPY --from=build /usr/src/app /usr/src/app
EXPOSE 8080 2222
ENTRYPOINT ["./entrypoint.sh"]
