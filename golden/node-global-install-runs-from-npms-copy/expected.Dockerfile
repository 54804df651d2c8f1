# `npm install -g` with no argument installs the project into npm's global packages, with its
# dependencies there (npm 9.0-9.3 and npm <= 4 copy it; others link it): the project
# directory itself never gets a node_modules.
FROM node:18 AS build
WORKDIR /srv/greet
COPY . .
RUN npm install -g

FROM node:18-slim
WORKDIR /srv/greet
COPY --from=build /srv/greet /srv/greet
COPY --from=build /usr/local/lib/node_modules/greet /usr/local/lib/node_modules/greet
RUN ln -s /usr/local/lib/node_modules/greet/bin/greet.js /usr/local/bin/greet
USER nobody
ENTRYPOINT ["greet"]
