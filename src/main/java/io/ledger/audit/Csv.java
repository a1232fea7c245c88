package io.ledger.audit;

import java.io.IOException;
import java.io.UncheckedIOException;

/** RFC 4180 rows: fields with a comma, quote or line break are quoted, quotes doubled. */
final class Csv {

    private Csv() {
    }

    /** Writes one row to {@code out} as it goes: exports are streamed, never built whole in memory. */
    static void row(Appendable out, Object... fields) {
        try {
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                String text = fields[i] == null ? "" : fields[i].toString();
                if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
                    out.append('"').append(text.replace("\"", "\"\"")).append('"');
                } else {
                    out.append(text);
                }
            }
            out.append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("the CSV could not be written (the reader went away?)", e);
        }
    }
}
