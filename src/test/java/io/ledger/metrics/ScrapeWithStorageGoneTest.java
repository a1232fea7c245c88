package io.ledger.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.ledger.LedgerApplication;
import io.ledger.storage.EmbeddedMongo;

/**
 * Storage really goes away under a running application: it reaches its MongoDB through a loopback
 * relay that the test closes, dropping every connection and refusing new ones, as a lost database
 * host does. The scrape must still answer, without waiting for the driver, and say storage is down.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScrapeWithStorageGoneTest {

    /** How long the driver looks for a server before an operation fails: what a scrape must not wait for. */
    private static final Duration SERVER_SELECTION = Duration.ofSeconds(8);
    /** Far below {@link #SERVER_SELECTION}: a scrape that waited on storage could not answer within it. */
    private static final Duration SCRAPE_ANSWERS_WITHIN = Duration.ofSeconds(3);
    private static final Pattern STORAGE_UP = Pattern.compile("^ledger_storage_up (\\S+)$", Pattern.MULTILINE);
    private static final Pattern UNREACHABLE = Pattern.compile("^ledger_storage_down\\{reason=\"unreachable\"} (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern NOT_ANSWERING = Pattern.compile(
            "^ledger_storage_down\\{reason=\"not_answering\"} (\\S+)$", Pattern.MULTILINE);

    @TempDir
    static Path temp;
    private static EmbeddedMongo mongo;
    private static Relay relay;
    private static ConfigurableApplicationContext application;
    private static final HttpClient client = HttpClient.newBuilder().connectTimeout(SCRAPE_ANSWERS_WITHIN).build();
    private static int port;

    @BeforeAll
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    static void startTheApplicationBehindARelay() throws IOException {
        mongo = EmbeddedMongo.start(temp.resolve("mongo"), "127.0.0.1", 0, false);
        relay = new Relay(0, URI.create(mongo.connectionString()).getPort());
        application = new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0",
                "--ledger.storage.mongodb-uri=mongodb://127.0.0.1:" + relay.port() + "/ledger?serverSelectionTimeoutMS="
                        + SERVER_SELECTION.toMillis(),
                "--ledger.storage.data-dir=" + temp.resolve("unused"),
                "--ledger.metrics.sample-interval=100ms",
                "--ledger.metrics.ping-patience=500ms",
                "--axoniq.update-checker.disabled=true");
        port = Integer.parseInt(application.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    static void stopEverything() throws IOException {
        if (relay != null && relay.isClosed()) {
            relay = new Relay(relay.port(), URI.create(mongo.connectionString()).getPort()); // a clean shutdown
        }
        try {
            if (application != null) {
                application.close();
            }
        } finally {
            if (relay != null) {
                relay.close();
            }
            if (mongo != null) {
                mongo.close();
            }
        }
    }

    @Test
    void theScrapeAnswersAtOnceAndSaysStorageIsDownThenUpAgain() throws Exception {
        assertThat(awaitStorageUp(1.0, Duration.ofMinutes(1))).as("storage up while the relay runs").isEqualTo(1.0);

        relay.close();
        assertThat(awaitStorageUp(0.0, SERVER_SELECTION)).as("storage down before the driver would give up looking "
                + "for a server").isEqualTo(0.0);
        for (int i = 0; i < 5; i++) {
            assertThat(storageUp()).as("still down on scrape " + i).isEqualTo(0.0);
        }
        assertThat(await(UNREACHABLE, 1.0, SERVER_SELECTION.multipliedBy(3))).as("once the driver gives up: why")
                .isEqualTo(1.0);
        assertThat(scraped(NOT_ANSWERING)).as("one reason at a time").isEqualTo(0.0);

        relay = new Relay(relay.port(), URI.create(mongo.connectionString()).getPort());
        assertThat(awaitStorageUp(1.0, Duration.ofMinutes(1))).as("storage up again once the relay is back")
                .isEqualTo(1.0);
        assertThat(scraped(UNREACHABLE)).as("no reason while it answers").isEqualTo(0.0);
    }

    /**
     * Scrapes until {@code ledger_storage_up} shows {@code expected} or {@code within} has passed;
     * every scrape must answer within {@link #SCRAPE_ANSWERS_WITHIN}.
     */
    private static double awaitStorageUp(double expected, Duration within) throws IOException, InterruptedException {
        return await(STORAGE_UP, expected, within);
    }

    private static double await(Pattern gauge, double expected, Duration within)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        double shown;
        do {
            shown = scraped(gauge);
            if (shown == expected) {
                return shown;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return shown;
    }

    private static double storageUp() throws IOException, InterruptedException {
        return scraped(STORAGE_UP);
    }

    private static double scraped(Pattern gauge) throws IOException, InterruptedException {
        HttpResponse<String> scrape;
        try {
            scrape = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .timeout(SCRAPE_ANSWERS_WITHIN).build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AssertionError("the scrape did not answer within " + SCRAPE_ANSWERS_WITHIN
                    + ": it waited on storage", e);
        }
        assertThat(scrape.statusCode()).isEqualTo(200);
        Matcher value = gauge.matcher(scrape.body());
        return value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
    }

    /** Passes bytes between loopback clients and a target port until closed, which drops every connection. */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket listener;
        private final int target;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "storage-relay");
            thread.setDaemon(true);
            return thread;
        });

        Relay(int port, int target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            threads.execute(this::accept);
        }

        int port() {
            return listener.getLocalPort();
        }

        boolean isClosed() {
            return listener.isClosed();
        }

        private void accept() {
            while (!listener.isClosed()) {
                Socket client;
                try {
                    client = listener.accept();
                } catch (IOException e) {
                    continue; // closed: the loop ends
                }
                sockets.add(client);
                try {
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(server);
                    threads.execute(() -> pump(client, server));
                    threads.execute(() -> pump(server, client));
                } catch (IOException e) {
                    closeQuietly(client);
                }
            }
        }

        private void pump(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side is gone: so is the other
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        @Override
        public void close() {
            closeQuietly(listener);
            sockets.forEach(Relay::closeQuietly);
            sockets.clear();
            threads.shutdownNow();
        }

        private static void closeQuietly(AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // already closed
            }
        }
    }
}
