package io.ledger.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoWriteException;

import io.ledger.eventstore.EventSerialization;
import io.ledger.testsupport.TestMongo;

/** Two nodes starting a new processor together: only one may own each segment. */
class TokenStoreClaimTest {

    @Test
    void aSegmentsTokenCanExistOnlyOnce() {
        var database = TestMongo.freshDatabase();
        AxonConfiguration configuration = new AxonConfiguration();
        TokenStore store = configuration.tokenStore(configuration.tokenTemplate(database),
                EventSerialization.serializer(), "");
        store.initializeTokenSegments("incentive-ledger", 1, new GlobalSequenceTrackingToken(0));

        var tokens = database.getCollection("trackingtokens");
        Document copy = tokens.find().first();
        copy.remove("_id");
        assertThatThrownBy(() -> tokens.insertOne(copy)).isInstanceOf(MongoWriteException.class);
        assertThat(tokens.countDocuments()).isEqualTo(1);
    }
}
