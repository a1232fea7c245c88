package io.ledger.web.console;

import static io.ledger.web.console.ConsoleHome.date;
import static io.ledger.web.console.ConsoleHome.field;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.ledger.facilities.api.FacilityVocabulary.Category;
import io.ledger.facilities.api.FacilityVocabulary.Channel;
import io.ledger.facilities.api.FacilityVocabulary.Kind;
import io.ledger.facilities.application.FacilityApplication;
import io.ledger.web.facilities.FacilityController;
import io.ledger.web.facilities.FacilityController.ActivityRequest;
import io.ledger.web.support.Inputs;

/**
 * Payment facilities: coverage by category as of a date, activity per channel over a period, one
 * venue's facilities over time, and recording its payment activity (facility operators).
 */
@Controller
@PreAuthorize("hasAnyRole('FACILITY_OPERATOR', 'FINANCE_OFFICER', 'AUDITOR')") // besides the console filter chain's rule for the same paths
public class FacilityConsole {

    private final FacilityController facilities;
    private final FacilityApplication application;
    private final Clock clock;

    public FacilityConsole(FacilityController facilities, FacilityApplication application, Clock clock) {
        this.facilities = facilities;
        this.application = application;
        this.clock = clock;
    }

    @GetMapping("/console/facilities")
    public String home(@RequestParam(required = false) LocalDate asOf, @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to, @RequestParam(required = false) String venueId,
            @RequestParam(required = false) Category category, Model model) {
        LocalDate day = asOf != null ? asOf : LocalDate.now(clock);
        model.addAttribute("asOf", day);
        model.addAttribute("coverage", facilities.coverage(day));
        if (category != null) {
            model.addAttribute("category", category);
            model.addAttribute("venues", application.venuesOn(category, day));
        }
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        if (from == null || to == null || !to.isBefore(from)) {
            model.addAttribute("activity", facilities.activity(from, to, null));
        }
        if (venueId != null && !venueId.isBlank()) {
            model.addAttribute("venueId", venueId.trim());
            Attempt.run(model, "venue-lookup", Map.of("venueId", venueId),
                    () -> model.addAttribute("venue", application.venue(venueId.trim()).orElse(null)));
        }
        model.addAttribute("channels", Channel.values());
        model.addAttribute("categories", Category.values());
        model.addAttribute("kinds", Kind.values());
        return "console/facilities";
    }

    @PostMapping("/console/facilities/venues/{venueId}/activity")
    public String record(@PathVariable String venueId, @RequestParam Map<String, String> form, Model model,
            RedirectAttributes redirect) {
        if (Attempt.run(model, "activity", form, () -> facilities.record(venueId, new ActivityRequest(
                field(form, "activityId"), channel(field(form, "channel")), date(form, "periodStart"),
                date(form, "periodEnd"), number(form, "transactions"), field(form, "amount"),
                number(form, "visitorsServed"))))) {
            redirect.addFlashAttribute("done", "done.activityRecorded");
            redirect.addAttribute("venueId", venueId);
            return "redirect:/console/facilities";
        }
        return home(null, null, null, venueId, null, model);
    }

    private static Channel channel(String value) {
        try {
            return Channel.valueOf(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Inputs.invalid("channel: must be one of the channels");
        }
    }

    private static long number(Map<String, String> form, String name) {
        try {
            return Long.parseLong(field(form, name));
        } catch (NumberFormatException | NullPointerException e) {
            throw Inputs.invalid(name + ": must be a whole number");
        }
    }
}
