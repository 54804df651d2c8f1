FROM eclipse-temurin:17-jdk
WORKDIR /workspace
COPY gradlew settings.gradle build.gradle ./
COPY gradle gradle
RUN ./gradlew --no-daemon dependencies
COPY src src
RUN ./gradlew --no-daemon bootJar
ENTRYPOINT ["java","-jar","build/libs/app.jar"]
