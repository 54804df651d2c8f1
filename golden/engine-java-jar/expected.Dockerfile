FROM eclipse-temurin:17-jdk AS build
WORKDIR /app
COPY src ./src
# Maven Central is out of reach where this fixture is built, so the JDK's own tools build the jar.
RUN mkdir -p classes target \
    && javac -d classes $(find src -name '*.java') \
    && jar cfe target/hello.jar hello.Main -C classes .

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /app/target/hello.jar /app/target/
USER app
EXPOSE 8080
CMD ["java", "-jar", "target/hello.jar"]
