FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /app
COPY . .
RUN mvn -B package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /app/target/half.jar /app/target/
USER app
CMD ["java", "-jar", "target/half.jar"]
