FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /work
COPY . .
RUN ./mvnw package -DskipTests

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --create-home app && mkdir -p /work && chown app /work
WORKDIR /work
COPY --from=build /work/target/quarkus-app /work/target/quarkus-app
USER app
EXPOSE 8080
CMD ["java", "-jar", "target/quarkus-app/quarkus-run.jar"]
