package io.ledger.web.security;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Users from configuration: {@code ledger.users.<name>.password}, {@code .roles}, {@code .agency};
 * {@code ledger.demo} tells whether well-known passwords are expected.
 */
@ConfigurationProperties("ledger")
public record LedgerUsersProperties(@DefaultValue Map<String, User> users, @DefaultValue("false") boolean demo) {

    public record User(String password, @DefaultValue List<Role> roles, String agency) {
    }
}
