FROM node:14-slim AS build

WORKDIR /code
COPY . .

RUN cd client && npm install && npm run build

FROM nginx:stable-alpine
RUN printf 'server {\n    listen 4018;\n    root /usr/share/nginx/html;\n    location / {\n        try_files $uri $uri/ /index.html;\n    }\n}\n' > /etc/nginx/conf.d/default.conf
COPY --from=build /code/client/build /usr/share/nginx/html
EXPOSE 4018
CMD ["nginx", "-g", "daemon off;"]
