FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace/app
COPY mvnw .
COPY .mvn .mvn
COPY pom.xml .
COPY src src
RUN ./mvnw install -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home app && mkdir -p /workspace/app && chown app /workspace/app
WORKDIR /workspace/app
COPY --from=build /workspace/app/target/*.jar /workspace/app/target/
USER app
EXPOSE 8080
CMD java -jar target/*.jar
