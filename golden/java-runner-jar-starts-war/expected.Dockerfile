FROM maven:3-jdk-8 AS build
WORKDIR /app
COPY pom.xml /app/
COPY src /app/src/
RUN mvn package

FROM eclipse-temurin:8-jre
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /app/target /app/target
USER app
EXPOSE 8080
CMD java -Djetty.contextpath=/ -jar target/dependency/jetty-runner.jar target/diagrams.war
