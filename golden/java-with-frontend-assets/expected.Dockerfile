FROM maven:3.8-openjdk-11 AS build
WORKDIR /usr/src/app
COPY . .
RUN mvn -B package -DskipTests

FROM eclipse-temurin:11-jre
RUN useradd --system --uid 10001 --create-home app && mkdir -p /usr/src/app && chown app /usr/src/app
WORKDIR /usr/src/app
COPY --from=build /usr/src/app/target/inventory-1.0.jar /usr/src/app/target/
USER app
EXPOSE 8080
CMD ["java", "-jar", "target/inventory-1.0.jar"]
