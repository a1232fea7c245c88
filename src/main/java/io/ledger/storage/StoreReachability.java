package io.ledger.storage;

import java.util.List;
import java.util.function.Supplier;

import com.mongodb.MongoTimeoutException;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ServerDescription;

/**
 * Whether the driver already knows that no member of the store can be reached: every server it
 * monitors failed its last check. Then an operation would only wait out the server selection to fail;
 * refusing it at once keeps requests queued behind it (on an aggregate's lock) from waiting in turn.
 * While a replica set elects a primary its secondaries still answer, so nothing is refused then; and
 * the background ping keeps the driver checking, so the first operation after the store returns passes.
 */
public final class StoreReachability {

    private final Supplier<ClusterDescription> cluster;

    public StoreReachability(Supplier<ClusterDescription> cluster) {
        this.cluster = cluster;
    }

    /** Throws the driver's own "no server" failure when no member can be reached, as selection would. */
    public void refuseWhenNoMemberReachable() {
        ClusterDescription description = cluster.get();
        if (noMemberReachable(description)) {
            throw new MongoTimeoutException("No member of the store can be reached: "
                    + description.getShortDescription());
        }
    }

    static boolean noMemberReachable(ClusterDescription description) {
        List<ServerDescription> servers = description.getServerDescriptions();
        return !servers.isEmpty() && servers.stream().allMatch(s -> !s.isOk() && s.getException() != null);
    }
}
