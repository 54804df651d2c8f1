# The account is named by a variable: `useradd ${USER}` creates the user ENV USER names.
FROM node:18-bullseye AS build
ENV USER=bot
RUN groupadd -r ${USER} && \
	useradd --create-home --home /home/bot -r -g ${USER} ${USER}
USER ${USER}
WORKDIR /home/bot
COPY --chown=${USER}:${USER} package*.json ./
RUN npm install
COPY --chown=${USER}:${USER} . .
RUN npm prune --omit=dev

FROM node:18-bullseye-slim
ENV USER=bot
RUN groupadd -r ${USER} && \
	useradd --create-home --home /home/bot -r -g ${USER} ${USER}
USER ${USER}
WORKDIR /home/bot
COPY --from=build --chown=bot:bot /home/bot /home/bot
CMD ["node", "index.js"]
