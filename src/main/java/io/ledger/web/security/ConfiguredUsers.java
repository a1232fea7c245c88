package io.ledger.web.security;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Looks users up in configuration. Refuses to start on a user it could never authenticate or
 * scope correctly, rather than letting it fail at its first request.
 */
final class ConfiguredUsers implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredUsers.class);

    private final Map<String, LedgerUser> users = new LinkedHashMap<>();

    ConfiguredUsers(LedgerUsersProperties properties) {
        properties.users().forEach((name, user) -> users.put(name, validated(name, user)));
        if (!properties.demo()) {
            users.values().stream().filter(u -> u.getPassword().startsWith("{noop}")).forEach(u -> log.warn(
                    "ledger.users.{} has a plain-text {noop} password outside the demo: give it a "
                            + "{bcrypt} hash (htpasswd -bnBC 10 \"\" PASSWORD)", u.getUsername()));
        }
    }

    private static LedgerUser validated(String name, LedgerUsersProperties.User user) {
        String where = "ledger.users." + name;
        if (user.password() == null || !user.password().matches("^\\{[^}]+}.+")) {
            throw new IllegalStateException(where + ".password must be an encoded password such as "
                    + "{bcrypt}$2a$... or, for local use only, {noop}secret");
        }
        if (user.roles().isEmpty()) {
            throw new IllegalStateException(where + ".roles must name at least one of FINANCE_OFFICER, "
                    + "AUDITOR, AGENCY, FACILITY_OPERATOR");
        }
        if (user.roles().contains(Role.FINANCE_OFFICER)
                && (user.roles().contains(Role.AUDITOR) || user.roles().contains(Role.FACILITY_OPERATOR))) {
            // segregation of duties: who moves money neither audits it nor reports the figures it rests on
            throw new IllegalStateException(where + ": FINANCE_OFFICER cannot be held together with AUDITOR or "
                    + "FACILITY_OPERATOR; give these duties to different users");
        }
        boolean agency = user.roles().contains(Role.AGENCY);
        if (agency && (user.agency() == null || user.agency().isBlank())) {
            throw new IllegalStateException(where + ".agency must name the agency an AGENCY user speaks for");
        }
        if (agency && user.roles().size() > 1) {
            throw new IllegalStateException(where + ": an AGENCY user cannot hold staff roles as well");
        }
        if (!agency && user.agency() != null) {
            throw new IllegalStateException(where + ".agency is only for users with the AGENCY role");
        }
        return new LedgerUser(name, user.password(), EnumSet.copyOf(user.roles()), user.agency());
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        LedgerUser user = users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("no such user");
        }
        // A fresh copy: the framework erases credentials on the object it is handed.
        return new LedgerUser(user.getUsername(), user.getPassword(), user.roles(), user.agencyId().orElse(null));
    }
}
