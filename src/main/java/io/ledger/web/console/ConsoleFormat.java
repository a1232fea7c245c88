package io.ledger.web.console;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.ledger.api.Money;

/** How the console writes money, instants and ages; templates reach it as {@code @fmt}. */
@Component("fmt")
public class ConsoleFormat {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Clock clock;
    private final ZoneId zone;
    private final MessageSource messages;

    public ConsoleFormat(Clock clock, @Value("${ledger.time-zone:Asia/Shanghai}") ZoneId zone,
            MessageSource messages) {
        this.clock = clock;
        this.zone = zone;
        this.messages = messages;
    }

    /** {@code ¥ 1,234,567.89}, the same in both languages. */
    public String money(Money money) {
        if (money == null) {
            return "";
        }
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return "¥ " + format.format(BigDecimal.valueOf(money.fen(), 2));
    }

    /** A stored instant ({@code 2025-05-02T01:02:03Z}) as a local date and time. */
    public String dateTime(String instant) {
        return instant == null ? "" : DATE_TIME.format(Instant.parse(instant).atZone(zone));
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant.atZone(zone));
    }

    /** A refusal as a sentence in the user's language, from its code (and the field it names). */
    public String refusal(Attempt.Failure failure) {
        if (failure.field() == null) {
            return sentence(failure.code());
        }
        Locale locale = LocaleContextHolder.getLocale();
        String field = messages.getMessage("field." + failure.field(), null, failure.field(), locale);
        return message(failure.code(), "refusal." + failure.code(), field, locale);
    }

    /**
     * A problem code as a sentence naming no field: {@code refusal.CODE.unnamed} where the usual
     * sentence names one, else {@code refusal.CODE}.
     */
    public String sentence(String code) {
        Locale locale = LocaleContextHolder.getLocale();
        String unnamed = messages.getMessage("refusal." + code + ".unnamed", new Object[] {""}, null, locale);
        return unnamed != null ? unnamed : message(code, "refusal." + code, "", locale);
    }

    /**
     * Always formatted with an argument, so every sentence is read as a MessageFormat pattern
     * ({@code ''} is an apostrophe); no default message, which would be formatted a second time.
     */
    private String message(String code, String key, String field, Locale locale) {
        String sentence = messages.getMessage(key, new Object[] {field}, null, locale);
        return sentence != null ? sentence : messages.getMessage("refusal.OTHER", new Object[] {code}, locale);
    }

    /** How long ago, in the largest sensible unit: {@code 3 d}, {@code 5 h}, {@code 12 min}. */
    public String age(String instant) {
        if (instant == null) {
            return "";
        }
        Duration age = Duration.between(Instant.parse(instant), clock.instant());
        Locale locale = LocaleContextHolder.getLocale();
        if (age.toDays() > 0) {
            return messages.getMessage("age.days", new Object[] {age.toDays()}, locale);
        }
        if (age.toHours() > 0) {
            return messages.getMessage("age.hours", new Object[] {age.toHours()}, locale);
        }
        return messages.getMessage("age.minutes", new Object[] {Math.max(0, age.toMinutes())}, locale);
    }
}
