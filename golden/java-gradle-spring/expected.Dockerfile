FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
COPY gradlew settings.gradle build.gradle ./
COPY gradle gradle
RUN ./gradlew --no-daemon dependencies
COPY src src
RUN ./gradlew --no-daemon bootJar

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home app && mkdir -p /workspace && chown app /workspace
WORKDIR /workspace
COPY --from=build /workspace/build/libs/inventory.jar /workspace/build/libs/
USER app
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "build/libs/inventory.jar"]
