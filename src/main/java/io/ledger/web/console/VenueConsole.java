package io.ledger.web.console;

import static io.ledger.web.console.ConsoleHome.choice;
import static io.ledger.web.console.ConsoleHome.date;
import static io.ledger.web.console.ConsoleHome.field;

import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.ledger.facilities.api.FacilityVocabulary.Category;
import io.ledger.facilities.api.FacilityVocabulary.Kind;
import io.ledger.web.facilities.FacilityController;
import io.ledger.web.facilities.FacilityController.FacilityRequest;
import io.ledger.web.facilities.FacilityController.RemovalRequest;
import io.ledger.web.facilities.FacilityController.VenueRequest;

/** A facility operator's venues: register one, install and remove its payment facilities. */
@Controller
@PreAuthorize("hasRole('FACILITY_OPERATOR')") // besides the console filter chain's rule for the same paths
public class VenueConsole {

    private final FacilityController facilities;
    private final FacilityConsole page;

    public VenueConsole(FacilityController facilities, FacilityConsole page) {
        this.facilities = facilities;
        this.page = page;
    }

    @PostMapping("/console/facilities/venues")
    public String register(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        String venueId = field(form, "venueId");
        return after(venueId, "venue", form, model, redirect, "done.venueRegistered", () -> {
            String opened = field(form, "openedOn");
            facilities.register(new VenueRequest(venueId, field(form, "name"), choice(Category.class, form, "category"),
                    field(form, "district"), opened == null || opened.isEmpty() ? null : date(form, "openedOn")));
        });
    }

    @PostMapping("/console/facilities/venues/{venueId}/facilities")
    public String install(@PathVariable String venueId, @RequestParam Map<String, String> form, Model model,
            RedirectAttributes redirect) {
        return after(venueId, "install", form, model, redirect, "done.facilityInstalled",
                () -> facilities.install(venueId, new FacilityRequest(field(form, "facilityId"),
                        choice(Kind.class, form, "kind"), date(form, "installedOn"))));
    }

    @PostMapping("/console/facilities/venues/{venueId}/facilities/{facilityId}/removal")
    public String remove(@PathVariable String venueId, @PathVariable String facilityId,
            @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        return after(venueId, "remove-" + facilityId, form, model, redirect, "done.facilityRemoved",
                () -> facilities.remove(venueId, facilityId,
                        new RemovalRequest(date(form, "removedOn"), field(form, "reason"))));
    }

    private String after(String venueId, String action, Map<String, String> form, Model model,
            RedirectAttributes redirect, String doneKey, Runnable command) {
        if (Attempt.run(model, action, form, command)) {
            redirect.addFlashAttribute("done", doneKey);
            redirect.addAttribute("venueId", venueId);
            return "redirect:/console/facilities";
        }
        return page.home(null, null, null, "venue".equals(action) ? null : venueId, null, model);
    }
}
