package io.ledger.domain;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a {@link Refusal} by its code: tests pin the contract clients act on, not the wording. */
public final class Refused {

    private Refused() {
    }

    public static Matcher<Refusal> with(RefusalCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Refusal refusal) {
                return refusal.refusalCode() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a refusal with code ").appendValue(code);
            }

            @Override
            protected void describeMismatchSafely(Refusal refusal, Description mismatch) {
                mismatch.appendText("was refused with ").appendValue(refusal.refusalCode()).appendText(": ")
                        .appendText(refusal.getMessage());
            }
        };
    }
}
