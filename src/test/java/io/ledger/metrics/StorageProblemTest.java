package io.ledger.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterConnectionMode;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerConnectionState;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;

import org.bson.BsonDocument;

class StorageProblemTest {

    private static final ServerAddress HOST = new ServerAddress("db1", 27017);
    private static final MongoTimeoutException SELECTION_GAVE_UP =
            new MongoTimeoutException("Timed out while waiting for a server that matches WritableServerSelector");

    private static ClusterDescription cluster(ServerDescription... servers) {
        return new ClusterDescription(ClusterConnectionMode.MULTIPLE, ClusterType.REPLICA_SET, List.of(servers));
    }

    private static ServerDescription refusing() {
        return ServerDescription.builder().address(HOST).state(ServerConnectionState.CONNECTING)
                .exception(new MongoSocketOpenException("Exception opening socket", HOST)).build();
    }

    private static ServerDescription secondary() {
        return ServerDescription.builder().address(HOST).state(ServerConnectionState.CONNECTED).ok(true)
                .type(ServerType.REPLICA_SET_SECONDARY).build();
    }

    @Test
    void noServerReachedIsUnreachable() {
        assertThat(StorageProblem.of(SELECTION_GAVE_UP, cluster(refusing()))).isEqualTo(StorageProblem.UNREACHABLE);
    }

    @Test
    void membersThatAnswerWithoutAPrimaryAreNoPrimary() {
        assertThat(StorageProblem.of(SELECTION_GAVE_UP, cluster(refusing(), secondary())))
                .isEqualTo(StorageProblem.NO_PRIMARY);
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsATimeoutEvenWrapped() {
        MongoSocketReadTimeoutException slow = new MongoSocketReadTimeoutException("Timeout while receiving message",
                HOST, new java.net.SocketTimeoutException("Read timed out"));
        assertThat(StorageProblem.of(slow, cluster(secondary()))).isEqualTo(StorageProblem.TIMEOUT);
        assertThat(StorageProblem.of(new RuntimeException("wrapped", slow), cluster(secondary())))
                .isEqualTo(StorageProblem.TIMEOUT);
    }

    @Test
    void aConnectionRefusedOrResetIsUnreachable() {
        assertThat(StorageProblem.of(new MongoSocketOpenException("Exception opening socket", HOST), cluster(secondary())))
                .isEqualTo(StorageProblem.UNREACHABLE);
    }

    @Test
    void refusedCredentialsAreAuthentication() {
        MongoSecurityException refused = new MongoSecurityException(
                MongoCredential.createCredential("ledger", "admin", "wrong".toCharArray()), "Exception authenticating");
        assertThat(StorageProblem.of(refused, cluster(refusing()))).isEqualTo(StorageProblem.AUTHENTICATION);
    }

    @Test
    void anErrorAnswerIsAnError() {
        MongoCommandException error = new MongoCommandException(
                BsonDocument.parse("{ok: 0, errmsg: 'no such command', code: 59}"), HOST);
        assertThat(StorageProblem.of(error, cluster(secondary()))).isEqualTo(StorageProblem.ERROR);
    }

    @Test
    void everyReasonHasItsOwnLabel() {
        assertThat(StorageProblem.ALL.stream().map(StorageProblem::label).distinct()).hasSize(StorageProblem.values().length);
    }
}
