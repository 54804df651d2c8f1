FROM node:18 AS build
RUN useradd --uid 5001 --create-home app && mkdir /srv/app && chown app:0 /srv/app
USER app
WORKDIR /srv/app
COPY --chown=app:0 package.json package-lock.json ./
RUN npm ci
COPY --chown=app:0 . .
# OpenShift runs the image as a random uid in group 0: the group gets the owner's rights.
RUN chmod -R g=u .
RUN npm prune --omit=dev

FROM node:18-slim
RUN useradd --uid 5001 --create-home app
RUN mkdir -p /srv/app && chown app:0 /srv/app && chmod g=u /srv/app
USER app
WORKDIR /srv/app
COPY --from=build --chown=app:0 /srv/app /srv/app
ENV PORT=3000
EXPOSE 3000
CMD ["node", "server.js"]
