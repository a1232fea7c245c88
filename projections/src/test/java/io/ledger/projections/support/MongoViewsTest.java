package io.ledger.projections.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bson.Document;
import org.junit.jupiter.api.Test;

class MongoViewsTest {

    @Test
    void aSumThatWouldWrapFailsAndKeepsItsValue() {
        Document view = new Document("accrued", Long.MAX_VALUE - 1);

        assertThatThrownBy(() -> MongoViews.add(view, "accrued", 2)).isInstanceOf(ArithmeticException.class);
        assertThat(view.getLong("accrued")).isEqualTo(Long.MAX_VALUE - 1);
        MongoViews.add(view, "accrued", -5);
        assertThat(view.getLong("accrued")).isEqualTo(Long.MAX_VALUE - 6);
    }
}
