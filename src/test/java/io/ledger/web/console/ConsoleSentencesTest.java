package io.ledger.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.ledger.domain.RefusalCode;

/**
 * Every problem code the application can answer has a sentence in both languages, so a refusal is
 * never shown to a console user as a bare code. The codes are read from the sources, so a new code
 * without a sentence fails here.
 */
class ConsoleSentencesTest {

    /** Where codes are made besides the refusal codes: problem documents beside their status, console failures. */
    private static final Pattern[] CODE_SITES = {
            Pattern.compile("HttpStatus\\.[A-Z_]+\\s*,\\s*\"([A-Z][A-Z0-9_]+)\""),
            Pattern.compile("new Failure\\(\\s*\"([A-Z][A-Z0-9_]+)\""),
    };

    /** A code beside its status given by a constant of the same file. */
    private static final Pattern NAMED_CODE_SITE = Pattern.compile("HttpStatus\\.[A-Z_]+\\s*,\\s*([A-Z][A-Z0-9_]+)\\s*[,)]");

    /** The codes given to a status when nothing more specific is known. */
    private static final Pattern DEFAULT_CODE = Pattern.compile("(?:->|\\?|:)\\s*\"([A-Z][A-Z0-9_]+)\"");

    static Set<String> codesInTheSources() throws IOException {
        Set<String> codes = new TreeSet<>();
        for (RefusalCode refusal : RefusalCode.values()) {
            codes.add(refusal.name());
        }
        for (Path root : new Path[] {Path.of("src/main/java"), Path.of("projections/src/main/java")}) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    for (Pattern site : CODE_SITES) {
                        collect(site.matcher(source), codes);
                    }
                    Matcher named = NAMED_CODE_SITE.matcher(source);
                    while (named.find()) {
                        Matcher constant = Pattern.compile("String " + named.group(1) + " = \"([A-Z][A-Z0-9_]+)\"")
                                .matcher(source);
                        if (constant.find()) {
                            codes.add(constant.group(1));
                        }
                    }
                    if (file.endsWith(Path.of("io/ledger/web/problem/Problems.java"))) {
                        String defaults = source.substring(source.indexOf("defaultCode("));
                        collect(DEFAULT_CODE.matcher(defaults.substring(0, defaults.indexOf("};"))), codes);
                    }
                }
            }
        }
        return codes;
    }

    private static void collect(Matcher matcher, Set<String> codes) {
        while (matcher.find()) {
            codes.add(matcher.group(1));
        }
    }

    private static Properties messages(String file) throws IOException {
        Properties messages = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources", file), StandardCharsets.UTF_8)) {
            messages.load(reader);
        }
        return messages;
    }

    @Test
    void theSourcesAreReadForEveryKindOfCode() throws IOException {
        // one of each kind of site, so a pattern that stopped matching cannot pass for "no codes"
        assertThat(codesInTheSources()).contains("FOUR_EYES_REQUIRED", "SAME_USER_NOT_ALLOWED", "DUPLICATE_GROUP",
                "UNSAFE_TEXT", "UNAUTHENTICATED", "TOO_MANY_EXPENSIVE_READS", "READ_MODEL_LAGGING",
                "AMOUNT_OUT_OF_RANGE", "OUTCOME_UNKNOWN", "STORAGE_UNAVAILABLE", "METHOD_NOT_ALLOWED",
                "REQUEST_REFUSED", "CONCURRENT_MODIFICATION");
    }

    @Test
    void everyCodeTheApplicationCanAnswerHasASentenceInEnglishAndInChinese() throws IOException {
        Set<String> codes = codesInTheSources();
        for (String file : new String[] {"messages_en.properties", "messages_zh_CN.properties"}) {
            Properties messages = messages(file);
            assertThat(codes).as("codes without a sentence refusal.CODE in " + file)
                    .allSatisfy(code -> assertThat(messages.getProperty("refusal." + code)).as(code).isNotBlank());
        }
    }

    @Test
    void bothLanguagesHaveTheSameMessages() throws IOException {
        assertThat(messages("messages_zh_CN.properties").stringPropertyNames())
                .containsExactlyInAnyOrderElementsOf(messages("messages_en.properties").stringPropertyNames());
    }
}
