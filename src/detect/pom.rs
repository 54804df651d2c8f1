//! `pom.xml` read as XML (roxmltree), not as text: a `<release>` inside a comment, a
//! dependency's `<version>`, or a tag of another plugin must not be taken for the Java version.
//! What detection needs: the Java version (properties, then the compiler plugin's
//! configuration, with `${property}` resolved), Spring Boot and Quarkus (by groupId), and the
//! jar's `finalName`, each with the line it was read from.

use roxmltree::{Document, Node};
use std::collections::BTreeMap;

/// What a pom says, with 1-based lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pom {
    /// (version, where it was read: `<maven.compiler.release>`, line).
    pub java: Option<(String, String, usize)>,
    pub spring_boot: Option<usize>,
    pub quarkus: Option<usize>,
    pub final_name: Option<String>,
}

/// Why a pom could not be read: the parser's message and its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PomError {
    pub message: String,
    pub line: usize,
}

pub fn read(text: &str) -> Result<Pom, PomError> {
    let doc = Document::parse(text).map_err(|e| PomError { message: e.to_string(), line: e.pos().row as usize })?;
    let line = |n: Node| doc.text_pos_at(n.range().start).row as usize;
    let project = doc.root_element();
    let properties: BTreeMap<String, (String, usize)> = child(project, "properties")
        .map(|p| p.children().filter(|c| c.is_element()).map(|c| (c.tag_name().name().to_string(), (text_of(c), line(c)))).collect())
        .unwrap_or_default();
    let resolve = |v: &str| -> String {
        match v.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
            Some(name) => properties.get(name).map(|(v, _)| v.clone()).unwrap_or_else(|| v.to_string()),
            None => v.to_string(),
        }
    };
    let mut pom = Pom::default();
    for key in ["maven.compiler.release", "maven.compiler.target", "maven.compiler.source", "java.version"] {
        if let Some((v, l)) = properties.get(key) {
            if let Some(v) = java_version(&resolve(v)) {
                pom.java = Some((v, format!("<{key}>"), *l));
                break;
            }
        }
    }
    if pom.java.is_none() {
        let compiler = project.descendants().filter(|n| n.has_tag_name_local("plugin")).find(|p| child(*p, "artifactId").is_some_and(|a| text_of(a) == "maven-compiler-plugin"));
        if let Some(config) = compiler.and_then(|p| child(p, "configuration")) {
            pom.java = ["release", "target", "source"].iter().find_map(|k| {
                let n = child(config, k)?;
                Some((java_version(&resolve(&text_of(n)))?, format!("maven-compiler-plugin <{k}>"), line(n)))
            });
        }
    }
    let group = |prefix: &str| project.descendants().find(|n| n.has_tag_name_local("groupId") && text_of(*n).starts_with(prefix)).map(line);
    pom.spring_boot = group("org.springframework.boot");
    pom.quarkus = group("io.quarkus");
    pom.final_name = child(project, "build").and_then(|b| child(b, "finalName")).map(text_of);
    Ok(pom)
}

trait LocalName {
    fn has_tag_name_local(&self, name: &str) -> bool;
}

impl LocalName for Node<'_, '_> {
    /// Tag names without the POM namespace (`http://maven.apache.org/POM/4.0.0`).
    fn has_tag_name_local(&self, name: &str) -> bool {
        self.is_element() && self.tag_name().name() == name
    }
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name_local(name))
}

fn text_of(n: Node) -> String {
    n.text().unwrap_or("").trim().to_string()
}

/// `17` → 17; `1.8` → 8; a property left unresolved → none.
fn java_version(v: &str) -> Option<String> {
    let v = v.strip_prefix("1.").filter(|rest| rest.chars().next().is_some_and(|c| c.is_ascii_digit())).unwrap_or(v);
    let digits: String = v.chars().take_while(|c| c.is_ascii_digit()).collect();
    (!digits.is_empty()).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_other_plugins_and_dependencies_do_not_count() {
        let pom = r#"<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <!-- we used to build with <release>8</release> -->
  <properties>
    <jdk>21</jdk>
  </properties>
  <dependencies>
    <dependency><groupId>org.example</groupId><version>11</version></dependency>
  </dependencies>
  <build>
    <finalName>app</finalName>
    <plugins>
      <plugin><artifactId>maven-surefire-plugin</artifactId><configuration><release>11</release></configuration></plugin>
      <plugin>
        <artifactId>maven-compiler-plugin</artifactId>
        <configuration><release>${jdk}</release></configuration>
      </plugin>
    </plugins>
  </build>
</project>
"#;
        let p = read(pom).unwrap();
        assert_eq!(p.java, Some(("21".into(), "maven-compiler-plugin <release>".into(), 16)));
        assert_eq!(p.final_name.as_deref(), Some("app"));
        assert_eq!((p.spring_boot, p.quarkus), (None, None));
    }

    #[test]
    fn properties_and_frameworks_with_their_lines() {
        let pom = "<project>\n<parent><groupId>org.springframework.boot</groupId></parent>\n<properties>\n<java.version>1.8</java.version>\n</properties>\n</project>\n";
        let p = read(pom).unwrap();
        assert_eq!(p.java, Some(("8".into(), "<java.version>".into(), 4)));
        assert_eq!(p.spring_boot, Some(2));
    }

    #[test]
    fn a_broken_pom_says_where() {
        let e = read("<project>\n  <artifactId>half</artifactId>\n  <properties><java.version>17</java.version>\n").unwrap_err();
        assert!(e.message.contains("never closed") && e.line == 1, "{e:?}");
        let e = read("<project>\n  <properties>\n    <java.version>17</jdk>\n  </properties>\n</project>\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
    }
}
