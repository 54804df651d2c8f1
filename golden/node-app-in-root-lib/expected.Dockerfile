# The whole app in / with no WORKDIR: its lib/ merges into the system's /lib.
FROM node:18-bullseye AS build
COPY . .
RUN npm ci --omit=dev

FROM node:18-bullseye-slim
COPY lib /lib
COPY --from=build /Dockerfile /Dockerfile
COPY --from=build /expected.Dockerfile /expected.Dockerfile
COPY --from=build /expected.detect.json /expected.detect.json
COPY --from=build /expected.diff /expected.diff
COPY --from=build /expected.notes /expected.notes
COPY --from=build /index.js /index.js
COPY --from=build /node_modules /node_modules
COPY --from=build /package-lock.json /package-lock.json
COPY --from=build /package.json /package.json
EXPOSE 3000
CMD ["node", "index.js"]
