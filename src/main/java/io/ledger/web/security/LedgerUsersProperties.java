package io.ledger.web.security;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Users from configuration: {@code ledger.users.<name>.password}, {@code .roles}, {@code .agency}.
 */
@ConfigurationProperties("ledger")
public record LedgerUsersProperties(@DefaultValue Map<String, User> users) {

    public record User(String password, @DefaultValue List<Role> roles, String agency) {
    }
}
