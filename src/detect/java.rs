//! Java: Maven (`pom.xml`, `mvnw`) or Gradle (`build.gradle[.kts]`, `gradlew`, settings), the Java
//! version, Spring Boot / Quarkus, and where the jar lands.
//! Facts: `wrapper`, `spring_boot`, `quarkus`, `jar_glob` (relative to the project root).

use super::repo::join;
use super::{line_of, version_digits, Candidate, Confidence, Repo, Stack};

pub fn detect(repo: &Repo, dir: &str) -> Option<Candidate> {
    let mut c = Candidate::new(Stack::Java, dir);
    c.confidence = Confidence::High;
    let pom_path = join(dir, "pom.xml");
    if let Some(text) = repo.read(&pom_path) {
        c.build_system = Some("maven".into());
        c.see(&pom_path, None, "Maven project");
        if repo.exists(&join(dir, "mvnw")) {
            c.set("wrapper", "mvnw");
            c.see(&join(dir, "mvnw"), None, "Maven wrapper");
        }
        let pom = match super::pom::read(&text) {
            Ok(pom) => pom,
            Err(e) => {
                c.warn(&pom_path, Some(e.line), format!("pom.xml is not well-formed XML ({}); its settings are not read", e.message));
                c.confidence = Confidence::Medium;
                super::pom::Pom::default()
            }
        };
        if let Some((v, tag, line)) = &pom.java {
            c.see(&pom_path, Some(*line), format!("{tag} {v}"));
            c.versions.insert("java".into(), v.clone());
        }
        if let Some(line) = pom.spring_boot {
            c.set("spring_boot", "true");
            c.framework = Some("spring-boot".into());
            c.see(&pom_path, Some(line), "Spring Boot (executable fat jar)");
        }
        if let Some(line) = pom.quarkus {
            c.set("quarkus", "true");
            c.framework = Some("quarkus".into());
            c.see(&pom_path, Some(line), "Quarkus (fast-jar in target/quarkus-app)");
        }
        let jar = match pom.final_name {
            Some(name) if !name.contains('$') => format!("target/{name}.jar"),
            _ => "target/*.jar".to_string(),
        };
        c.set("jar_glob", if c.is("quarkus") { "target/quarkus-app".to_string() } else { jar.clone() });
        c.artifacts.push(c.fact("jar_glob").unwrap_or("target/*.jar").to_string());
        return Some(c);
    }
    let (gradle_path, gradle) = ["build.gradle.kts", "build.gradle"]
        .iter()
        .find_map(|f| repo.read(&join(dir, f)).map(|t| (join(dir, f), t)))?;
    c.build_system = Some("gradle".into());
    c.see(&gradle_path, None, "Gradle project");
    if repo.exists(&join(dir, "gradlew")) {
        c.set("wrapper", "gradlew");
        c.see(&join(dir, "gradlew"), None, "Gradle wrapper");
    }
    for settings in ["settings.gradle", "settings.gradle.kts"] {
        if repo.exists(&join(dir, settings)) {
            c.see(&join(dir, settings), None, "Gradle settings");
        }
    }
    for marker in ["JavaLanguageVersion.of(", "jvmToolchain(", "JavaVersion.VERSION_", "sourceCompatibility"] {
        if let Some(at) = gradle.find(marker) {
            let tail: String = gradle[at + marker.len()..].chars().take(48).collect();
            // `VERSION_1_8` / `'1.8'` mean Java 8.
            let tail = tail.trim_start_matches([' ', '=', '\'', '"']).replacen("1_8", "8", 1).replacen("1.8", "8", 1);
            let tail = tail.split_once("VERSION_").map(|(_, t)| t.to_string()).unwrap_or(tail);
            if let Some(v) = version_digits(&tail, 1) {
                c.see(&gradle_path, line_of(&gradle, marker), format!("{marker}… Java {v}"));
                c.versions.insert("java".into(), v);
                break;
            }
        }
    }
    if gradle.contains("org.springframework.boot") {
        c.set("spring_boot", "true");
        c.framework = Some("spring-boot".into());
        c.see(&gradle_path, line_of(&gradle, "org.springframework.boot"), "Spring Boot plugin (bootJar)");
    }
    if gradle.contains("io.quarkus") {
        c.set("quarkus", "true");
        c.framework = Some("quarkus".into());
    }
    let glob = if c.is("quarkus") { "build/quarkus-app" } else { "build/libs/*.jar" };
    c.set("jar_glob", glob);
    c.artifacts.push(glob.into());
    Some(c)
}
