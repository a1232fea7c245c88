package io.ledger.web.incentive;

import static io.ledger.web.support.Inputs.ID_PATTERN;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.ledger.incentive.api.IncentiveCommands.RegisterAgency;
import io.ledger.incentive.api.IncentiveViews.AgencyView;
import io.ledger.incentive.application.IncentiveApplication;
import io.ledger.web.security.LedgerUser;
import io.ledger.web.support.Inputs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
@RequestMapping("/api/agencies")
@Validated
@Tag(name = "Incentive ledger: agencies")
public class AgencyController {

    public record RegisterAgencyRequest(@NotNull @Pattern(regexp = ID_PATTERN) String agencyId,
            @NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 100) String licenseNo) {
    }

    private final IncentiveApplication incentive;

    public AgencyController(IncentiveApplication incentive) {
        this.incentive = incentive;
    }

    @PostMapping
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Register a travel agency (idempotent on agencyId)")
    public ResponseEntity<AgencyView> register(@Valid @RequestBody RegisterAgencyRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(incentive.register(new RegisterAgency(request.agencyId(),
                request.name(), request.licenseNo())));
    }

    @GetMapping("/{agencyId}")
    @PreAuthorize("hasAnyRole('FINANCE_OFFICER', 'AUDITOR', 'AGENCY')")
    @Operation(summary = "An agency; an agency user sees only its own")
    public AgencyView agency(@PathVariable String agencyId, @AuthenticationPrincipal LedgerUser user) {
        if (!user.maySeeAgency(agencyId)) {
            throw Inputs.forbidden();
        }
        return incentive.agency(agencyId).orElseThrow(() -> Inputs.notFound("agency " + agencyId));
    }
}
