package io.ledger.testsupport;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.ledger.LedgerApplication;

/** Application nodes started in this JVM as an operator starts them, for the tests of several nodes on one store. */
public final class Nodes {

    private Nodes() {
    }

    /**
     * Starts a node with its own id, on a free port, with the users given as {@code name:ROLE} (each
     * signs in with its name as password) and the further arguments given (its storage, above all).
     */
    public static ConfigurableApplicationContext start(String nodeId, List<String> users, String... arguments) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--ledger.node-id=" + nodeId,
                "--axoniq.update-checker.disabled=true", "--logging.level.root=WARN"));
        for (String user : users) {
            String name = user.substring(0, user.indexOf(':'));
            args.add("--ledger.users." + name + ".password={noop}" + name);
            args.add("--ledger.users." + name + ".roles=" + user.substring(user.indexOf(':') + 1));
        }
        args.addAll(List.of(arguments));
        return new SpringApplicationBuilder(LedgerApplication.class).run(args.toArray(String[]::new));
    }

    /** Closes what was started, in the order given, skipping what never started. */
    public static void closeInOrder(AutoCloseable... started) throws Exception {
        for (AutoCloseable part : started) {
            if (part != null) {
                part.close();
            }
        }
    }
}
