package io.ledger.metrics;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;

/** Counts failed logins, so that guessing passwords shows on a dashboard and raises an alert. */
@Component
class AuthenticationMetrics {

    private final MeterRegistry registry;

    AuthenticationMetrics(MeterRegistry registry) {
        this.registry = registry;
        failures("bad_credentials");
    }

    private Counter failures(String reason) {
        return Counter.builder("ledger.authentication.failures")
                .description("Failed authentications, by reason").tag("reason", reason).register(registry);
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent event) {
        failures(event instanceof AuthenticationFailureBadCredentialsEvent ? "bad_credentials"
                : event.getClass().getSimpleName().replace("AuthenticationFailure", "").replace("Event", "")
                        .replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)).increment();
    }
}
