package io.ledger.projections.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.ledger.eventstore.EventSerialization;
import io.ledger.testsupport.TestMongo;

/** The shared tokens read as axon-mongo's token store writes them, two nodes each holding a segment. */
class StoredTokensTest {

    private static final String GROUP = "some-projection";
    private final Serializer serializer = EventSerialization.serializer();
    private MongoTokenStore nodeA;
    private MongoTokenStore nodeB;
    private MongoCollection<Document> collection;
    private StoredTokens stored;

    @BeforeEach
    void twoNodesOnOneTokenStore() {
        MongoDatabase database = TestMongo.freshDatabase();
        DefaultMongoTemplate template = DefaultMongoTemplate.builder().mongoDatabase(database).build();
        nodeA = MongoTokenStore.builder().mongoTemplate(template).serializer(serializer).nodeId("a").build();
        nodeB = MongoTokenStore.builder().mongoTemplate(template).serializer(serializer).nodeId("b").build();
        collection = template.trackingTokensCollection();
        // rediscovered at every reading, so that the test sees a changed set of segments at once
        stored = new StoredTokens(collection, serializer, Duration.ZERO);
    }

    @Test
    void aProcessorWithoutTokensHasHandledNothing() {
        assertThat(stored.handledThroughout(GROUP)).isZero();
        nodeA.initializeTokenSegments(GROUP, 2);
        assertThat(stored.handledThroughout(GROUP)).as("initialized at the tail").isZero();
    }

    @Test
    void theLowestSegmentCountsWhicheverNodeStoredIt() {
        nodeA.initializeTokenSegments(GROUP, 2, new GlobalSequenceTrackingToken(3));
        nodeA.fetchToken(GROUP, 0);
        nodeA.storeToken(new GlobalSequenceTrackingToken(40), GROUP, 0);
        nodeB.fetchToken(GROUP, 1);
        nodeB.storeToken(new GlobalSequenceTrackingToken(25), GROUP, 1);
        assertThat(stored.handledThroughout(GROUP)).isEqualTo(25);
        nodeB.storeToken(new GlobalSequenceTrackingToken(41), GROUP, 1);
        assertThat(stored.handledThroughout(GROUP)).isEqualTo(40);
        assertThat(stored.handledThroughout("another-projection")).isZero();
    }

    @Test
    void aReplayCountsWhereItHasGotNotWhereItWillEnd() {
        nodeA.initializeTokenSegments(GROUP, 1);
        nodeA.fetchToken(GROUP, 0);
        nodeA.storeToken(new ReplayToken(new GlobalSequenceTrackingToken(90), new GlobalSequenceTrackingToken(12)),
                GROUP, 0);
        assertThat(stored.handledThroughout(GROUP)).isEqualTo(12);
    }

    @Test
    void knownSegmentsAreReadAgainByTheirIds() {
        StoredTokens cached = new StoredTokens(collection, serializer, Duration.ofHours(1));
        nodeA.initializeTokenSegments(GROUP, 4, new GlobalSequenceTrackingToken(7));
        assertThat(cached.handledThroughout(GROUP)).isEqualTo(7);
        for (int segment = 0; segment < 4; segment++) {
            nodeA.fetchToken(GROUP, segment);
            nodeA.storeToken(new GlobalSequenceTrackingToken(20 - segment), GROUP, segment);
        }
        assertThat(cached.handledThroughout(GROUP)).as("read by the ids found first").isEqualTo(17);
    }

    @Test
    void aSegmentAddedBySplittingIsFoundAtTheNextLookUp() {
        nodeA.initializeTokenSegments(GROUP, 1, new GlobalSequenceTrackingToken(10));
        nodeA.fetchToken(GROUP, 0);
        nodeA.storeToken(new GlobalSequenceTrackingToken(30), GROUP, 0);
        assertThat(stored.handledThroughout(GROUP)).isEqualTo(30);
        nodeA.initializeSegment(new GlobalSequenceTrackingToken(12), GROUP, 1);
        assertThat(stored.handledThroughout(GROUP)).isEqualTo(12);
    }
}
