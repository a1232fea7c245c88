package io.ledger.metrics;

import java.util.List;

import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoSocketWriteTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ServerDescription;

/**
 * Why the ledger's MongoDB did not answer a ping, in a few words an operator can act on. The set is
 * fixed so that each reason is a series of its own from the start, and an alert or a dashboard can
 * name it without the cardinality of exception messages.
 */
enum StorageProblem {

    /** No member of the store could be reached: refused, unknown host, or no answer to connecting. */
    UNREACHABLE("unreachable"),
    /** Members answer, but none is a primary that takes writes (an election, or a majority lost). */
    NO_PRIMARY("no_primary"),
    /** A server was reached but did not answer within the socket timeout: a slow or overloaded store. */
    TIMEOUT("timeout"),
    /** The store refused the ledger's credentials. */
    AUTHENTICATION("authentication"),
    /** The ping has been in flight longer than its patience; the driver has not given up yet. */
    NOT_ANSWERING("not_answering"),
    /** The store answered with an error. */
    ERROR("error");

    static final List<StorageProblem> ALL = List.of(values());

    private final String label;

    StorageProblem(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The reason a ping failed with {@code failure}, the cluster as the driver saw it at that moment. */
    static StorageProblem of(Throwable failure, ClusterDescription cluster) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MongoSecurityException) {
                return AUTHENTICATION;
            }
            if (t instanceof MongoSocketReadTimeoutException || t instanceof MongoSocketWriteTimeoutException) {
                return TIMEOUT;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MongoSocketException) { // refused, reset, unknown host: nothing answered
                return UNREACHABLE;
            }
        }
        if (failure instanceof MongoTimeoutException) { // server selection gave up
            List<ServerDescription> servers = cluster.getServerDescriptions();
            boolean anyAnswers = servers.stream().anyMatch(ServerDescription::isOk);
            return anyAnswers ? NO_PRIMARY : UNREACHABLE;
        }
        return ERROR;
    }
}
