package io.ledger.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

/**
 * Base of the tests that run the whole application on a free port, on its own embedded data
 * directory, with one user per role (password = user name).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ledger.storage.embedded-port=0",
        "ledger.storage.embedded-fsync=false",
        "ledger.metrics.sample-interval=200ms",
        // the tests share one application and one address: sign-in throttling has a test of its own
        "ledger.security.sign-in-failures-per-user=100000",
        "ledger.security.sign-in-failures-per-address=100000",
        "ledger.users.officer1.password={noop}officer1",
        "ledger.users.officer1.roles=FINANCE_OFFICER",
        "ledger.users.officer2.password={noop}officer2",
        "ledger.users.officer2.roles=FINANCE_OFFICER",
        "ledger.users.auditor.password={noop}auditor",
        "ledger.users.auditor.roles=AUDITOR",
        "ledger.users.operator.password={noop}operator",
        "ledger.users.operator.roles=FACILITY_OPERATOR",
        "ledger.users.sunrise.password={noop}sunrise",
        "ledger.users.sunrise.roles=AGENCY",
        "ledger.users.sunrise.agency=A001",
        "ledger.users.lotus.password={noop}lotus",
        "ledger.users.lotus.roles=AGENCY",
        "ledger.users.lotus.agency=A002",
})
@AutoConfigureObservability
@Import(LedgerTestApplication.EchoEndpoint.class)
public abstract class LedgerTestApplication {

    /** An endpoint that exists only in tests, to exercise the error paths of a JSON write. */
    @TestConfiguration
    public static class EchoEndpoint {
        public record Echo(@NotBlank String text, @Positive int times) {
        }

        @RestController
        static class EchoController {
            @PostMapping("/api/test-echo")
            @PreAuthorize("hasRole('FINANCE_OFFICER')")
            Echo echo(@Valid @RequestBody Echo echo) {
                return echo;
            }
        }
    }

    @LocalServerPort
    protected int port;

    protected Http http() {
        return new Http(port);
    }

    /**
     * The first scrape that shows every expected text: figures that need storage are taken in the
     * background, so a scrape right after a command may still show the previous ones.
     */
    protected String scrapeShowing(String... expected) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        String text;
        do {
            text = http().get("/actuator/prometheus", null).body();
            if (java.util.Arrays.stream(expected).allMatch(text::contains)) {
                return text;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return text;
    }

    private static final String DATA_DIR = temporaryDirectory();

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("ledger.storage.data-dir", () -> DATA_DIR);
    }

    private static String temporaryDirectory() {
        try {
            return Files.createTempDirectory("ledger-app-test").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
