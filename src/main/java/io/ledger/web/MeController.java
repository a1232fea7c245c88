package io.ledger.web;

import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.ledger.web.security.LedgerUser;
import io.ledger.web.security.Role;

/** Lets a client check its credentials and see what it may do. */
@RestController
public class MeController {

    public record Me(String username, List<Role> roles, String agencyId) {
    }

    @GetMapping("/api/me")
    public Me me(@AuthenticationPrincipal LedgerUser user) {
        return new Me(user.getUsername(), List.copyOf(user.roles()), user.agencyId().orElse(null));
    }
}
