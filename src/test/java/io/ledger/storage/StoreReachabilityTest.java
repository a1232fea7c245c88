package io.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterConnectionMode;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerConnectionState;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;

class StoreReachabilityTest {

    private static ServerDescription refusing(int port) {
        ServerAddress address = new ServerAddress("db", port);
        return ServerDescription.builder().address(address).state(ServerConnectionState.CONNECTING)
                .exception(new MongoSocketOpenException("Exception opening socket", address)).build();
    }

    private static ServerDescription secondary(int port) {
        return ServerDescription.builder().address(new ServerAddress("db", port))
                .state(ServerConnectionState.CONNECTED).ok(true).type(ServerType.REPLICA_SET_SECONDARY).build();
    }

    private static ServerDescription notCheckedYet(int port) {
        return ServerDescription.builder().address(new ServerAddress("db", port))
                .state(ServerConnectionState.CONNECTING).build();
    }

    private static StoreReachability of(ServerDescription... servers) {
        ClusterDescription cluster = new ClusterDescription(ClusterConnectionMode.MULTIPLE, ClusterType.REPLICA_SET,
                List.of(servers));
        return new StoreReachability(() -> cluster);
    }

    @Test
    void everyMemberFailingItsLastCheckIsRefusedAtOnce() {
        assertThatThrownBy(() -> of(refusing(1), refusing(2), refusing(3)).refuseWhenNoMemberReachable())
                .isInstanceOf(MongoTimeoutException.class).hasMessageContaining("No member of the store");
    }

    @Test
    void aMemberThatAnswersDuringAnElectionLetsTheOperationWaitForThePrimary() {
        assertThatCode(() -> of(refusing(1), secondary(2), refusing(3)).refuseWhenNoMemberReachable())
                .doesNotThrowAnyException();
    }

    @Test
    void membersNotCheckedYetAreNotCountedAsDown() {
        assertThatCode(() -> of(notCheckedYet(1), refusing(2)).refuseWhenNoMemberReachable())
                .doesNotThrowAnyException();
        assertThat(StoreReachability.noMemberReachable(new ClusterDescription(ClusterConnectionMode.MULTIPLE,
                ClusterType.UNKNOWN, List.of()))).as("no member known at all").isFalse();
    }
}
