package io.ledger.projections.facilities;

import static io.ledger.projections.support.MongoViews.update;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.ledger.facilities.api.FacilityEvents.FacilityInstalled;
import io.ledger.facilities.api.FacilityEvents.FacilityRemoved;
import io.ledger.facilities.api.FacilityEvents.PaymentActivityRecorded;
import io.ledger.facilities.api.FacilityEvents.VenueRegistered;
import io.ledger.projections.support.ProjectionProgress;

/**
 * Keeps venues with their facilities' service dates and their payment activity. Updates of a
 * venue's documents are guarded by the venue stream's sequence; index entries are set members,
 * so a redelivered event changes nothing.
 */
@Component
@ProcessingGroup(FacilityCollections.PROCESSING_GROUP)
public class FacilityProjection {

    static final String ACTIVITY_INDEX = "activity";

    private final FacilityCollections views;
    private final ProjectionProgress progress;

    public FacilityProjection(FacilityCollections views, ProjectionProgress progress) {
        this.views = views;
        this.progress = progress;
    }

    @ResetHandler
    void reset() {
        views.dropAll();
    }

    @EventHandler
    void on(VenueRegistered e, @SequenceNumber long sequence, TrackingToken token) {
        update(views.venues(), e.venueId(), sequence, d -> d.append("venueId", e.venueId()).append("name", e.name())
                .append("category", e.category().name()).append("district", e.district())
                .append("openedOn", e.openedOn() == null ? null : e.openedOn().toString())
                .append("facilities", new ArrayList<Document>()));
        index(e.category().name(), e.venueId());
        progress.handled(FacilityCollections.PROCESSING_GROUP, token);
    }

    @EventHandler
    void on(FacilityInstalled e, @SequenceNumber long sequence, TrackingToken token) {
        update(views.venues(), e.venueId(), sequence, d -> {
            List<Document> facilities = new ArrayList<>(d.getList("facilities", Document.class));
            facilities.add(new Document("facilityId", e.facilityId()).append("kind", e.kind().name())
                    .append("installedOn", e.installedOn().toString()));
            d.put("facilities", facilities);
        });
        progress.handled(FacilityCollections.PROCESSING_GROUP, token);
    }

    @EventHandler
    void on(FacilityRemoved e, @SequenceNumber long sequence, TrackingToken token) {
        update(views.venues(), e.venueId(), sequence, d -> {
            for (Document facility : d.getList("facilities", Document.class)) {
                if (facility.getString("facilityId").equals(e.facilityId())) {
                    facility.put("removedOn", e.removedOn().toString());
                }
            }
        });
        progress.handled(FacilityCollections.PROCESSING_GROUP, token);
    }

    @EventHandler
    void on(PaymentActivityRecorded e, @SequenceNumber long sequence, TrackingToken token) {
        update(views.activity(), e.venueId(), sequence, d -> {
            List<Document> records = d.containsKey("records") ? new ArrayList<>(d.getList("records", Document.class))
                    : new ArrayList<>();
            records.add(new Document("activityId", e.activityId()).append("channel", e.channel().name())
                    .append("periodStart", e.periodStart().toString()).append("periodEnd", e.periodEnd().toString())
                    .append("transactions", e.transactions()).append("amount", e.amount().fen())
                    .append("visitorsServed", e.visitorsServed()));
            d.put("venueId", e.venueId());
            d.put("records", records);
        });
        index(ACTIVITY_INDEX, e.venueId());
        progress.handled(FacilityCollections.PROCESSING_GROUP, token);
    }

    private void index(String indexId, String venueId) {
        views.indexes().updateOne(Filters.eq("_id", indexId), Updates.addToSet("venueIds", venueId),
                new UpdateOptions().upsert(true));
    }
}
