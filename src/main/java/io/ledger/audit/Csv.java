package io.ledger.audit;

/** RFC 4180 rows: fields with a comma, quote or line break are quoted, quotes doubled. */
final class Csv {

    private Csv() {
    }

    static void row(StringBuilder csv, Object... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            String text = fields[i] == null ? "" : fields[i].toString();
            if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
                csv.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                csv.append(text);
            }
        }
        csv.append('\n');
    }
}
