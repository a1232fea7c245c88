package io.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;

/** A replica set that loses its majority must answer within seconds, not hang a request for ever. */
class ReplicaSetSettingsTest {

    @Test
    void everyWriteAndReadIsBoundedInTime() {
        MongoClientSettings settings = LedgerStorage.replicaSetSettings(
                new ConnectionString("mongodb://h1,h2,h3/ledger?replicaSet=rs0"), StoreTimeouts.DEFAULTS);

        assertThat(settings.getWriteConcern().getWString()).isEqualTo("majority");
        assertThat(settings.getWriteConcern().getJournal()).isTrue();
        assertThat(settings.getWriteConcern().getWTimeout(TimeUnit.MILLISECONDS)).isEqualTo(5_000);
        assertThat(settings.getReadConcern()).isEqualTo(ReadConcern.MAJORITY);
        assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(10_000);
        assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
        assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(3_000);
    }

    @Test
    void timeoutsGivenInTheUriWin() {
        MongoClientSettings settings = LedgerStorage.replicaSetSettings(new ConnectionString(
                "mongodb://h1/ledger?replicaSet=rs0&socketTimeoutMS=2000&serverSelectionTimeoutMS=1000"),
                StoreTimeouts.DEFAULTS);

        assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
        assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(1_000);
    }

    @Test
    void timeoutsComeFromTheProperties() {
        MongoClientSettings settings = LedgerStorage.replicaSetSettings(new ConnectionString("mongodb://h1/ledger"),
                new StoreTimeouts(Duration.ofMillis(1_500), Duration.ofMillis(700), Duration.ofSeconds(4),
                        Duration.ofSeconds(6)));

        assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(1_500);
        assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(700);
        assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(4_000);
        assertThat(settings.getWriteConcern().getWTimeout(TimeUnit.MILLISECONDS)).isEqualTo(6_000);
    }
}
