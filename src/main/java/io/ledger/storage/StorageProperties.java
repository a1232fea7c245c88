package io.ledger.storage;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the ledger keeps everything.
 *
 * @param mongodbUri   a MongoDB replica set; blank means the embedded server
 * @param database     database name used when the URI names none
 * @param dataDir      directory of the embedded server's H2 file
 * @param embeddedHost interface the embedded server listens on (loopback unless told otherwise)
 * @param embeddedPort port of the embedded server; 0 picks a free one
 * @param embeddedFsync whether every embedded commit is also forced to the disk (survives power loss,
 *                      not just a killed process)
 * @param embeddedAllowNonLoopback whether the embedded server, which has no authentication, may
 *                      listen on an interface other hosts can reach
 */
@ConfigurationProperties("ledger.storage")
public record StorageProperties(
        String mongodbUri,
        @DefaultValue("ledger") String database,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("127.0.0.1") String embeddedHost,
        @DefaultValue("27117") int embeddedPort,
        @DefaultValue("true") boolean embeddedFsync,
        @DefaultValue("false") boolean embeddedAllowNonLoopback) {

    public boolean embedded() {
        return mongodbUri == null || mongodbUri.isBlank();
    }
}
