# The entrypoint script runs a package script that is the CRA dev server.
FROM node:16 AS build
WORKDIR /data
COPY package.json package-lock.json ./
RUN npm install
COPY . .
RUN DISABLE_ESLINT_PLUGIN=true npm run build

FROM nginx:stable-alpine
RUN printf 'server {\n    listen 3000;\n    root /usr/share/nginx/html;\n    location / {\n        try_files $uri $uri/ /index.html;\n    }\n}\n' > /etc/nginx/conf.d/default.conf
COPY --from=build /data/build /usr/share/nginx/html
EXPOSE 3000
CMD ["nginx", "-g", "daemon off;"]
