package io.ledger.web.console;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.ledger.web.problem.ProblemException;
import io.ledger.web.security.LedgerUser;
import io.ledger.web.security.Role;
import io.ledger.web.support.Inputs;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The login page, and the first page of each role. */
@Controller
public class ConsoleHome {

    @GetMapping("/login")
    String login() {
        return "console/login";
    }

    @GetMapping({"/", "/console"})
    String home(@AuthenticationPrincipal LedgerUser user) {
        if (user.has(Role.FINANCE_OFFICER)) {
            return "redirect:/console/officer";
        }
        if (user.has(Role.AGENCY)) {
            return "redirect:/console/agency";
        }
        if (user.has(Role.AUDITOR)) {
            return "redirect:/console/audit";
        }
        if (user.has(Role.FACILITY_OPERATOR)) {
            return "redirect:/console/facilities";
        }
        return "redirect:/console/forbidden";
    }

    @RequestMapping("/console/forbidden")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String forbidden() {
        return "console/forbidden";
    }

    static String field(Map<String, String> form, String name) {
        String value = form.get(name);
        return value == null ? null : value.trim();
    }

    static int integer(Map<String, String> form, String name) {
        try {
            return Integer.parseInt(field(form, name));
        } catch (NumberFormatException | NullPointerException e) {
            throw Inputs.invalid(name + ": must be a whole number");
        }
    }

    static LocalDate date(Map<String, String> form, String name) {
        try {
            return LocalDate.parse(field(form, name));
        } catch (DateTimeParseException | NullPointerException e) {
            throw Inputs.invalid(name + ": must be a date");
        }
    }

    static <E extends Enum<E>> E choice(Class<E> type, Map<String, String> form, String name) {
        try {
            return Enum.valueOf(type, field(form, name));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Inputs.invalid(name + ": must be one of the choices");
        }
    }

    /** Failures inside console pages end on console pages, not in the API's problem documents. */
    @ControllerAdvice(basePackageClasses = ConsoleHome.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class ConsoleErrors {

        @ModelAttribute("me")
        LedgerUser me(@AuthenticationPrincipal LedgerUser user) {
            return user;
        }

        /**
         * Where the language switch leads: the same page with the same query (a chosen program, a
         * history search), or the first page after a form was sent.
         */
        @ModelAttribute("here")
        String here(HttpServletRequest request) {
            if (!"GET".equals(request.getMethod())) {
                return "/console";
            }
            String query = request.getQueryString() == null ? "" : Arrays.stream(request.getQueryString().split("&"))
                    .filter(p -> !p.isEmpty() && !p.equals("lang") && !p.startsWith("lang="))
                    .collect(Collectors.joining("&"));
            return query.isEmpty() ? request.getRequestURI() : request.getRequestURI() + "?" + query;
        }

        @ExceptionHandler(AccessDeniedException.class)
        @ResponseStatus(HttpStatus.FORBIDDEN)
        String forbidden() {
            return "console/forbidden";
        }

        @ExceptionHandler(ProblemException.class)
        String problem(ProblemException e, Model model, HttpServletResponse response) {
            response.setStatus(e.problem().getStatus());
            model.addAttribute("code", e.problem().getProperties() == null ? "INTERNAL_ERROR"
                    : e.problem().getProperties().get("code"));
            return e.problem().getStatus() == 403 ? "console/forbidden" : "console/problem";
        }
    }
}
