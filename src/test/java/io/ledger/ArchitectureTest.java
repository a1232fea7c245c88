package io.ledger;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.springframework.web.bind.annotation.RequestMapping;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency direction: web → application → domain; the application reads the projections'
 * query side as its read port, the web never sees the projections; projections read events, never
 * aggregates; the domain knows no infrastructure.
 */
@AnalyzeClasses(packages = "io.ledger", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] APPLICATION = {"io.ledger.application..", "io.ledger.incentive.application..",
        "io.ledger.facilities.application.."};

    @ArchTest
    static final ArchRule theModelKnowsNoInfrastructure = noClasses()
            .that().resideInAnyPackage("io.ledger.api..", "io.ledger.domain..", "io.ledger.incentive.api..",
                    "io.ledger.incentive.domain..", "io.ledger.facilities.api..", "io.ledger.facilities.domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.mongodb..", "org.bson..", "org.springframework.web..", "org.springframework.security..",
                    "jakarta.servlet..", "io.ledger.web..", "io.ledger.projections..", "io.ledger.storage..",
                    "io.ledger.eventstore..", "io.ledger.config..", "io.ledger.application..",
                    "io.ledger.incentive.application..", "io.ledger.facilities.application..");

    @ArchTest
    static final ArchRule eventsAndCommandsAreSharedVocabularyOnly = classes()
            .that().resideInAnyPackage("io.ledger.api..", "io.ledger.incentive.api..", "io.ledger.facilities.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.ledger.api..",
                    "io.ledger.incentive.api..", "io.ledger.facilities.api..", "org.axonframework.modelling.command..",
                    "com.fasterxml.jackson.annotation..");

    @ArchTest
    static final ArchRule projectionsReadEventsNotAggregates = noClasses()
            .that().resideInAPackage("io.ledger.projections..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ledger.domain..", "io.ledger.incentive.domain..",
                    "io.ledger.facilities.domain..", "io.ledger.application..", "io.ledger.incentive.application..",
                    "io.ledger.facilities.application..", "io.ledger.web..", "io.ledger.demo..");

    @ArchTest
    static final ArchRule nothingBelowTheWebKnowsIt = noClasses()
            .that().resideOutsideOfPackages("io.ledger.web..", "io.ledger")
            .should().dependOnClassesThat().resideInAPackage("io.ledger.web..");

    @ArchTest
    static final ArchRule theApplicationLayerDoesNotReachUp = noClasses()
            .that().resideInAnyPackage(APPLICATION)
            .should().dependOnClassesThat().resideInAnyPackage("io.ledger.web..");

    /** Its read port is the projections' query side: never their event handlers or the documents they store. */
    @ArchTest
    static final ArchRule theApplicationReadsOnlyTheQuerySideOfTheProjections = noClasses()
            .that().resideInAnyPackage(APPLICATION)
            .should().dependOnClassesThat(resideInAPackage("io.ledger.projections..")
                    .and(simpleNameEndingWith("Projection")))
            .orShould().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..");

    /** Controllers and console pages know the application's services and views, never the read models' code. */
    @ArchTest
    static final ArchRule theWebKnowsOnlyTheApplication = noClasses()
            .that().resideInAPackage("io.ledger.web..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ledger.projections..", "org.bson..");

    /** Every answer has a type: what the HTTP contract promises is visible in the signature. */
    @ArchTest
    static final ArchRule noEndpointAnswersObject = methods()
            .that().areDeclaredInClassesThat().resideInAPackage("io.ledger.web..")
            .and().areMetaAnnotatedWith(RequestMapping.class)
            .should().notHaveRawReturnType(Object.class);

    @ArchTest
    static final ArchRule theEventStoreIsIndependentOfTheDomain = noClasses()
            .that().resideInAnyPackage("io.ledger.eventstore..", "io.ledger.storage..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ledger.incentive..", "io.ledger.facilities..",
                    "io.ledger.domain..", "io.ledger.web..", "io.ledger.projections..");

    @ArchTest
    static final ArchRule theTwoLedgersDoNotReachIntoEachOther = noClasses()
            .that().resideInAPackage("io.ledger.facilities..")
            .should().dependOnClassesThat().resideInAPackage("io.ledger.incentive..");

    @ArchTest
    static final ArchRule theAuditFoldsEventsIndependentlyOfTheAggregates = noClasses()
            .that().resideInAPackage("io.ledger.audit..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ledger.incentive.domain..",
                    "io.ledger.facilities.domain..", "io.ledger.application..",
                    "io.ledger.incentive.application..", "io.ledger.facilities.application..", "io.ledger.config..",
                    "io.ledger.metrics..", "io.ledger.demo..", "io.ledger.web..");

    @ArchTest
    static final ArchRule metricsReadTheReadModelsAndTheStoreOnly = noClasses()
            .that().resideInAPackage("io.ledger.metrics..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ledger.incentive.domain..",
                    "io.ledger.facilities.domain..", "io.ledger.application..",
                    "io.ledger.incentive.application..", "io.ledger.facilities.application..", "io.ledger.config..",
                    "io.ledger.audit..", "io.ledger.demo..", "io.ledger.web..");

    @ArchTest
    static final ArchRule theDemoSpeaksOnlyTheCommandsLanguage = noClasses()
            .that().resideInAPackage("io.ledger.demo..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ledger.incentive.domain..",
                    "io.ledger.facilities.domain..", "io.ledger.application..",
                    "io.ledger.incentive.application..", "io.ledger.facilities.application..", "io.ledger.config..",
                    "io.ledger.eventstore..", "io.ledger.projections..", "io.ledger.audit..", "io.ledger.web..");

    @ArchTest
    static final ArchRule nothingImportsTheWiring = noClasses()
            .that().resideOutsideOfPackages("io.ledger.config..", "io.ledger")
            .should().dependOnClassesThat().resideInAPackage("io.ledger.config..");
}
