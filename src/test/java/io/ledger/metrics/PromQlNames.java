package io.ledger.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, found by PromQL's own lexical rules rather than a
 * list of known prefixes: whatever identifier is left once strings, label matchers, ranges,
 * grouping clauses, numbers, keywords and function calls are taken out names a metric.
 */
final class PromQlNames {

    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`");
    private static final Pattern NAME_MATCHER = Pattern.compile("__name__\\s*(=~|!=|!~|=)\\s*\"((?:\\\\.|[^\"\\\\])*)\"");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    /** Clauses whose parentheses hold label names, not expressions. */
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern MODIFIER = Pattern.compile("\\boffset\\s+-?[0-9a-z]+|@\\s*[-+]?[0-9.]+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\w:.])(?:0x[0-9a-f]+|(?:\\d+\\.?\\d*|\\.\\d+)(?:e[+-]?\\d+)?)(?![\\w:])", Pattern.CASE_INSENSITIVE);
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "bool", "by", "without", "on",
            "ignoring", "group_left", "group_right", "offset", "inf", "nan");

    private PromQlNames() {
    }

    /**
     * @throws IllegalArgumentException when the expression selects metrics by a pattern of their
     *         name, which no check of names can follow
     */
    static Set<String> of(String expression) {
        Set<String> names = new TreeSet<>();
        String rest = expression;
        Matcher byName = NAME_MATCHER.matcher(rest);
        while (byName.find()) {
            if (!byName.group(1).equals("=")) {
                throw new IllegalArgumentException("selects metrics by a pattern of __name__: " + expression);
            }
            names.add(byName.group(2));
        }
        rest = STRING.matcher(rest).replaceAll(" ");
        rest = LABEL_MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        rest = MODIFIER.matcher(rest).replaceAll(" ");
        rest = NUMBER.matcher(rest).replaceAll(" ");
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            String word = identifier.group();
            boolean called = rest.substring(identifier.end()).stripLeading().startsWith("(");
            if (!called && !KEYWORDS.contains(word.toLowerCase(Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }
}
