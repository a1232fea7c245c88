package io.ledger.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;

import io.ledger.web.console.Attempt.Failure;

/** Refusals as sentences, from the console's own message files. */
class ConsoleFormatTest {

    private final ConsoleFormat format = new ConsoleFormat(Clock.systemUTC(), ZoneId.of("Asia/Shanghai"),
            new ConsoleWebConfiguration().messageSource());

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void aSentenceNamingNoFieldReadsAsWritten() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);

        assertThat(format.refusal(new Failure("PAYOUT_EXCEEDS_BALANCE", "payout", null, Map.of())))
                .isEqualTo("The amount is more than the agency's outstanding balance.");
        assertThat(format.sentence("VALIDATION_FAILED")).isEqualTo("Please check the values entered.");
        assertThat(format.sentence("NO_SUCH_CODE")).isEqualTo("The ledger refused this (NO_SUCH_CODE).");
    }

    @Test
    void aSentenceNamesTheFieldInTheUsersLanguage() {
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);

        assertThat(format.refusal(new Failure("UNSAFE_TEXT", "report", "groupRef", Map.of())))
                .startsWith("团号含有不可见字符");
        assertThat(format.refusal(new Failure("VALIDATION_FAILED", "report", "tourists", Map.of())))
                .isEqualTo("请检查此项：游客人数。");
    }
}
