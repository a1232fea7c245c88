package io.ledger.audit;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;

import io.ledger.eventstore.ChainCheckpoints;
import io.ledger.eventstore.ChainKey;
import io.ledger.eventstore.EventSerialization;
import io.ledger.eventstore.HashChain;
import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.storage.EmbeddedMongo;
import io.ledger.storage.LedgerStorage;
import io.ledger.storage.StorageProperties;

class AuditCommandLineTest {

    record Noted(String text) {
    }

    @TempDir
    static Path stores;

    static Path intact;
    static Path tampered;
    static Path signed;
    static Path auditorKey;
    static Path otherKey;

    @BeforeAll
    static void createStores() throws IOException {
        intact = createStore(stores.resolve("intact"), false, null);
        tampered = createStore(stores.resolve("tampered"), true, null);
        String[] pair = ChainKey.generateEd25519();
        signed = createStore(stores.resolve("signed"), false, ChainKey.parse(pair[0]));
        auditorKey = Files.writeString(stores.resolve("auditor.key"), pair[1] + "\n");
        otherKey = Files.writeString(stores.resolve("other.key"), ChainKey.generateEd25519()[1] + "\n");
    }

    /**
     * A stopped system's data directory: a few commits, all linked; tampered as in the issue when asked;
     * its head signed when given a key, as the linker does when the application stops.
     */
    private static Path createStore(Path dir, boolean tamper, ChainKey signer) {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, "127.0.0.1", 0, false);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoDatabase database = client.getDatabase("ledger");
            LedgerEventStorageEngine engine = LedgerEventStorageEngine.builder().database(database)
                    .eventSerializer(EventSerialization.serializer())
                    .snapshotSerializer(EventSerialization.serializer()).build();
            for (int i = 0; i < 5; i++) {
                engine.appendEvents(List.of(new GenericDomainEventMessage<>("Note", "n" + i, 0, new Noted("x" + i),
                        MetaData.with("user", "officer1"))));
            }
            HashChain chain = new HashChain(database, engine);
            chain.catchUp();
            if (signer != null) {
                HashChain.Head head = chain.head().orElseThrow();
                new ChainCheckpoints(database).write(signer, head.position(), head.hash(), Instant.now());
            }
            if (tamper) {
                database.getCollection(HashChain.LINKS).deleteOne(eq("_id", 3L));
                database.getCollection("events").updateOne(eq("_id", 4L), Updates.set("events.0.metadata.user", "x"));
            }
        }
        return dir;
    }

    private record Run(int status, String out, String err) {
    }

    private static Run audit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AuditCommandLine.run(args, new PrintStream(out, true), new PrintStream(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Nested
    class ExitStatus {

        @Test
        void zeroWhenTheChainIsIntact() {
            Run run = audit("verify-chain", "--data-dir=" + intact);
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).contains("\"intact\" : true");
            assertThat(run.err()).contains("could not be checked");
        }

        @Test
        void oneWhenALinkWasRemovedAndTheNextCommitEdited() {
            Run run = audit("verify-chain", "--data-dir=" + tampered);
            assertThat(run.status()).isEqualTo(AuditCommandLine.CHECK_FAILED);
            assertThat(run.out()).contains("\"intact\" : false").contains("\"firstBadPosition\" : 3");
        }

        @Test
        void oneWhenThePublishedHeadDoesNotMatch() {
            Run run = audit("verify-chain", "--data-dir=" + intact, "--expect=5:" + "a".repeat(64));
            assertThat(run.status()).isEqualTo(AuditCommandLine.CHECK_FAILED);
            assertThat(run.out()).contains("EXPECTED_HEAD_MISMATCH");
        }

        @Test
        void zeroWhenThePublishedHeadMatches() throws IOException {
            JsonNode first = new ObjectMapper().readTree(audit("verify-chain", "--data-dir=" + intact).out());
            String head = first.get("lastPosition").asLong() + ":" + first.get("lastHash").asText();
            assertThat(head).startsWith("5:");

            Run run = audit("verify-chain", "--data-dir=" + intact, "--expect=" + head);
            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("\"intact\" : true");
        }

        @Test
        void zeroWhenTheAuditorsKeyChecksTheSignedCheckpoints() {
            Run run = audit("verify-chain", "--data-dir=" + signed, "--key-file=" + auditorKey);
            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("\"status\" : \"CHECKED\"").contains("\"genuine\" : 1");
            assertThat(run.err()).doesNotContain("could not be checked");
        }

        @Test
        void oneWhenTheCheckpointsWereSignedWithAnotherKey() {
            Run run = audit("verify-chain", "--data-dir=" + signed, "--key-file=" + otherKey);
            assertThat(run.status()).isEqualTo(AuditCommandLine.CHECK_FAILED);
            assertThat(run.out()).contains("CHECKPOINT_FORGED");
        }

        @Test
        void twoForAKeyFileThatIsNotThereOrHoldsNoKey(@TempDir Path dir) throws IOException {
            Run missing = audit("verify-chain", "--data-dir=" + signed, "--key-file=" + dir.resolve("typo.key"));
            assertThat(missing.status()).isEqualTo(AuditCommandLine.USAGE);
            assertThat(missing.err()).contains("no such file");

            Path malformed = Files.writeString(dir.resolve("malformed.key"), "rsa:AAAA\n");
            Run run = audit("verify-chain", "--data-dir=" + signed, "--key-file=" + malformed);
            assertThat(run.status()).isEqualTo(AuditCommandLine.USAGE);
            assertThat(run.err()).contains("a checkpoint key starts with");
        }

        @Test
        void threeForAKeyFileThatExistsButCannotBeRead(@TempDir Path dir) {
            // a directory cannot be read as a file, whoever runs the test (root reads any file)
            Run run = audit("verify-chain", "--data-dir=" + signed, "--key-file=" + dir);
            assertThat(run.status()).isEqualTo(AuditCommandLine.COULD_NOT_RUN);
            assertThat(run.err()).contains("could not run").contains("cannot read the checkpoint key file");
        }

        @Test
        void twoForAnUnknownOption() {
            Run run = audit("verify-chain", "--data-dirr=" + intact);
            assertThat(run.status()).isEqualTo(AuditCommandLine.USAGE);
            assertThat(run.err()).contains("Unknown option: '--data-dirr");
        }

        @Test
        void twoForAMissingArgumentWithAUsageMessage() {
            Run run = audit("export-events", "--data-dir=" + intact);
            assertThat(run.status()).isEqualTo(AuditCommandLine.USAGE);
            assertThat(run.err()).contains("Missing required parameter: 'PROGRAM'").contains("Usage:");
        }

        @Test
        void twoForNoCommandOrAnUnknownProjection() {
            assertThat(audit().status()).isEqualTo(AuditCommandLine.USAGE);
            assertThat(audit("reconcile", "nope", "--data-dir=" + intact).status()).isEqualTo(AuditCommandLine.USAGE);
        }

        @Test
        void twoForADirectoryWithoutAStoreWhichIsNotCreated(@TempDir Path empty) {
            Path missing = empty.resolve("typo");
            Run run = audit("verify-chain", "--data-dir=" + missing);
            assertThat(run.status()).isEqualTo(AuditCommandLine.USAGE);
            assertThat(run.err()).contains("no ledger store in");
            assertThat(missing).doesNotExist();
        }

        @Test
        void threeWhenTheStoreCannotBeOpened(@TempDir Path broken) throws IOException {
            Files.writeString(broken.resolve("ledger.mv.db"), "not an H2 file");
            Run run = audit("verify-chain", "--data-dir=" + broken);
            assertThat(run.status()).isEqualTo(AuditCommandLine.COULD_NOT_RUN);
            assertThat(run.err()).contains("could not run");
        }

        @Test
        void zeroForHelp() {
            Run run = audit("--help");
            assertThat(run.status()).isZero();
            assertThat(run.out()).contains("verify-chain").contains("export-balances").contains("Exit status");
            assertThat(audit("verify-chain", "--help").out()).contains("--expect");
        }
    }

    @Nested
    class ReadOnly {

        @Test
        void auditingLeavesTheStoreFileAsItWas() throws Exception {
            String before = digest(intact.resolve("ledger.mv.db"));
            assertThat(audit("verify-chain", "--data-dir=" + intact).status()).isZero();
            assertThat(audit("reconcile", "incentive-ledger", "--data-dir=" + intact).status()).isZero();
            assertThat(audit("export-events", "P1", "--data-dir=" + intact).status()).isZero();
            assertThat(audit("export-balances", "P1", "--data-dir=" + intact).status()).isZero();
            assertThat(digest(intact.resolve("ledger.mv.db"))).isEqualTo(before);
        }

        @Test
        void theReadOnlyStoreRefusesWrites() {
            try (LedgerStorage storage = LedgerStorage.openReadOnly(
                    new StorageProperties(null, "ledger", intact, "127.0.0.1", 0, false, false))) {
                assertThat(storage.database().getCollection("events").countDocuments()).isEqualTo(5);
                assertThatThrownBy(() -> storage.database().getCollection("events").insertOne(new Document("_id", 99L)))
                        .hasMessageContaining("read-only");
            }
        }

        private static String digest(Path file) throws IOException, NoSuchAlgorithmException {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        }
    }
}
