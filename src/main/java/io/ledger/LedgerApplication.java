package io.ledger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LedgerApplication {

    public static void main(String[] args) {
        // Axon's update checker phones home and writes ~/.axoniq; this machine and production have no reason to.
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (args.length > 0 && args[0].equals("audit")) {
            // the auditor's command line reads a stopped system's data: no server, no linker, no processors
            io.ledger.audit.AuditCommandLine.quietLogging();
            System.exit(io.ledger.audit.AuditCommandLine.run(java.util.Arrays.copyOfRange(args, 1, args.length),
                    System.out, System.err));
        }
        SpringApplication.run(LedgerApplication.class, args);
    }
}
