package io.ledger.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.ledger.LedgerApplication;

/** The real application in a child JVM on a data directory, so that a test can kill it or run two. */
public final class ChildNode {

    private ChildNode() {
    }

    /** Starts a node with officers {@code submitter} and {@code verifier} (and an auditor) and waits until healthy. */
    public static Process start(Path dataDir, int port, int embeddedPort) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx512m", LedgerApplication.class.getName(),
                "--server.port=" + port, "--ledger.storage.data-dir=" + dataDir,
                "--ledger.storage.embedded-port=" + embeddedPort, "--logging.level.root=WARN",
                "--ledger.users.submitter.password={noop}submitter", "--ledger.users.submitter.roles=FINANCE_OFFICER",
                "--ledger.users.verifier.password={noop}verifier", "--ledger.users.verifier.roles=FINANCE_OFFICER",
                "--ledger.users.auditor.password={noop}auditor", "--ledger.users.auditor.roles=AUDITOR"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("node-" + port + ".log").toFile())
                .start();
        Http http = new Http(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the node started").isTrue();
            try {
                if (http.get("/actuator/health", null).status() == 200) {
                    return process;
                }
            } catch (UncheckedIOException notYetListening) {
                // polled again below
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        process.destroyForcibly();
        throw new IllegalStateException("the node did not become healthy on port " + port);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
