package io.ledger;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.ledger.audit.AuditCommandLine;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LedgerApplication {

    public static void main(String[] args) {
        // Axon's update checker phones home and writes ~/.axoniq; this machine and production have no reason to.
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (args.length > 0 && args[0].equals("audit")) {
            // the auditor's command line reads a stopped system's data: no server, no linker, no processors
            AuditCommandLine.quietLogging();
            System.exit(AuditCommandLine.run(Arrays.copyOfRange(args, 1, args.length),
                    System.out, System.err));
        }
        SpringApplication.run(LedgerApplication.class, args);
    }
}
