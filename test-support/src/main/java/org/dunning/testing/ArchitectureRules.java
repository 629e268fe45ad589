package org.dunning.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The rules every service keeps: a framework-free domain, and no service code that reaches into another service. */
public final class ArchitectureRules {

    static final List<String> SERVICES = List.of("invoice", "plan", "escalation", "notification", "followup", "insights");

    public static void check(String service) {
        String root = "org.dunning." + service;
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root);
        noClasses().that().resideInAPackage(root + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "io.smallrye..",
                        "io.vertx..", "org.hibernate..", "org.eclipse.microprofile..", "org.apache.kafka..",
                        "com.fasterxml.jackson..")
                .because("the domain is plain Java, tested without Quarkus")
                .check(classes);
        for (String other : SERVICES) {
            if (!other.equals(service)) {
                noClasses().should().dependOnClassesThat().resideInAPackage("org.dunning." + other + "..")
                        .because("services meet only through Kafka events and REST")
                        .check(classes);
            }
        }
    }

    private ArchitectureRules() {
    }
}
