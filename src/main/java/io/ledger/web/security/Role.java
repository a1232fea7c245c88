package io.ledger.web.security;

/** The four kinds of user named in the HTTP contract. */
public enum Role {
    FINANCE_OFFICER, AUDITOR, AGENCY, FACILITY_OPERATOR;

    public String authority() {
        return "ROLE_" + name();
    }
}
