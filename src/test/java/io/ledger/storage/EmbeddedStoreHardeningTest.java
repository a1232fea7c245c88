package io.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreHardeningTest {

    @TempDir
    Path parent;

    private StorageProperties embedded(Path dataDir, String host, boolean allowNonLoopback) {
        return new StorageProperties(null, "ledger", dataDir, host, 0, false, allowNonLoopback);
    }

    @Test
    void theDataDirectoryIsCreatedForItsOwnerAlone() throws IOException {
        Path dataDir = parent.resolve("data");
        try (LedgerStorage storage = LedgerStorage.open(embedded(dataDir, "127.0.0.1", false))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        }
    }

    @Test
    void aNonLoopbackAddressIsRefusedUnlessAllowed() {
        Path dataDir = parent.resolve("data");
        assertThatThrownBy(() -> LedgerStorage.open(embedded(dataDir, "0.0.0.0", false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a loopback address")
                .hasMessageContaining("embedded-allow-non-loopback");
        assertThat(dataDir).as("refused before anything was created").doesNotExist();

        try (LedgerStorage storage = LedgerStorage.open(embedded(dataDir, "0.0.0.0", true))) {
            assertThat(storage.ping().get("ok")).isNotNull();
        }
    }

    @Test
    void loopbackAddressesAreRecognised() {
        assertThat(LedgerStorage.isLoopback("127.0.0.1")).isTrue();
        assertThat(LedgerStorage.isLoopback("::1")).isTrue();
        assertThat(LedgerStorage.isLoopback("localhost")).isTrue();
        assertThat(LedgerStorage.isLoopback("0.0.0.0")).isFalse();
        assertThat(LedgerStorage.isLoopback("10.1.2.3")).isFalse();
    }
}
