plugins {
    application
}

java {
    sourceCompatibility = JavaVersion.VERSION_21
}

application {
    mainClass.set("com.acme.Main")
}
