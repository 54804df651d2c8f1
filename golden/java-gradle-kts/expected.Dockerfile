FROM gradle:8.7-jdk21 AS build
WORKDIR /home/gradle/project
COPY --chown=gradle:gradle . .
RUN gradle jar --no-daemon

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --create-home app && mkdir -p /home/gradle/project && chown app /home/gradle/project
WORKDIR /home/gradle/project
COPY --from=build /home/gradle/project/build/libs/tool.jar /home/gradle/project/build/libs/
USER app
CMD ["java", "-cp", "build/libs/tool.jar", "com.acme.Main"]
