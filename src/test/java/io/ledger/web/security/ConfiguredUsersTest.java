package io.ledger.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class ConfiguredUsersTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(ConfiguredUsers.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    private static LedgerUsersProperties.User user(String password, Role... roles) {
        return new LedgerUsersProperties.User(password, List.of(roles), null);
    }

    @Test
    void aFinanceOfficerCannotAlsoAudit() {
        assertThatThrownBy(() -> new ConfiguredUsers(new LedgerUsersProperties(Map.of("eve",
                user("{bcrypt}$2a$10$x", Role.FINANCE_OFFICER, Role.AUDITOR)), false)))
                .hasMessageContaining("ledger.users.eve").hasMessageContaining("FINANCE_OFFICER cannot be held");
    }

    @Test
    void aFinanceOfficerCannotAlsoOperateFacilities() {
        assertThatThrownBy(() -> new ConfiguredUsers(new LedgerUsersProperties(Map.of("eve",
                user("{bcrypt}$2a$10$x", Role.FACILITY_OPERATOR, Role.FINANCE_OFFICER)), true)))
                .hasMessageContaining("FINANCE_OFFICER cannot be held");
    }

    @Test
    void plainTextPasswordsAreWarnedAboutOutsideTheDemoOnly() {
        Map<String, LedgerUsersProperties.User> users = Map.of("officer1", user("{noop}officer1", Role.FINANCE_OFFICER),
                "auditor", user("{bcrypt}$2a$10$x", Role.AUDITOR));
        new ConfiguredUsers(new LedgerUsersProperties(users, true));
        assertThat(logged.list).isEmpty();

        new ConfiguredUsers(new LedgerUsersProperties(users, false));
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .singleElement().asString().contains("ledger.users.officer1").contains("{noop}");
    }
}
