package io.ledger.web.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** An authenticated user of the ledger; an agency user is bound to exactly one agency. */
public final class LedgerUser implements UserDetails {

    private final String username;
    private final String password;
    private final Set<Role> roles;
    private final String agencyId;

    public LedgerUser(String username, String password, Set<Role> roles, String agencyId) {
        this.username = username;
        this.password = password;
        this.roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        this.agencyId = agencyId;
    }

    public Set<Role> roles() {
        return EnumSet.copyOf(roles.isEmpty() ? EnumSet.noneOf(Role.class) : roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The agency this user speaks for, if the user is an agency. */
    public Optional<String> agencyId() {
        return Optional.ofNullable(agencyId);
    }

    /** Whether this user may see data of the given agency: staff see all, an agency only its own. */
    public boolean maySeeAgency(String otherAgencyId) {
        return has(Role.FINANCE_OFFICER) || has(Role.AUDITOR)
                || (has(Role.AGENCY) && agencyId != null && agencyId.equals(otherAgencyId));
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return roles.stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    public String getUsername() {
        return username;
    }
}
