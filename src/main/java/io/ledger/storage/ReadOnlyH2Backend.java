package io.ledger.storage;

import java.util.List;
import java.util.Set;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;

/**
 * The H2 backend over a file opened read-only, for the auditor's command line: a verifier must
 * not be able to change what it verifies. The MVStore itself refuses every write; commands that
 * would write are refused here first with a clear error.
 */
final class ReadOnlyH2Backend extends H2Backend {

    private static final Set<String> READ_COMMANDS = Set.of(
            "find", "getmore", "count", "distinct", "listcollections", "listindexes", "listdatabases",
            "ismaster", "hello", "ping", "buildinfo", "getlasterror", "getlog", "serverstatus", "dbstats",
            "collstats", "killcursors", "endsessions", "connectionstatus", "whatsmyuri", "getparameter",
            "getcmdlineopts", "hostinfo", "currentop");

    ReadOnlyH2Backend(MVStore store) {
        super(store);
    }

    static MVStore openStore(String fileName) {
        return new MVStore.Builder().fileName(fileName).readOnly().open();
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        String name = command.toLowerCase();
        if (READ_COMMANDS.contains(name) || name.equals("aggregate") && !writesOutput(query)) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        if (name.equals("createindexes")) {
            // The event store's engine declares its unique index when it is built. The store was
            // created by the application, which made the index; nothing is inserted through this
            // backend, so answering without creating it changes nothing the verifier relies on.
            return new Document("ok", 1.0).append("note", "read-only store: indexes not created");
        }
        throw new MongoServerError(13, "the store is open read-only for auditing: " + command + " refused");
    }

    private static boolean writesOutput(Document query) {
        return query.get("pipeline") instanceof List<?> stages && stages.stream()
                .anyMatch(s -> s instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
    }
}
