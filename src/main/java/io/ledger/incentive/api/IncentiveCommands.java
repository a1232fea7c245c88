package io.ledger.incentive.api;

import java.time.LocalDate;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import io.ledger.api.Money;

/**
 * What finance officers and agencies ask the incentive ledger to do. Ids are chosen by the client;
 * sending a command again with the same id and content changes nothing.
 */
public final class IncentiveCommands {

    private IncentiveCommands() {
    }

    /** Aggregate identifiers are typed, because client ids of different kinds may coincide. */
    public static String programAggregateId(String programId) {
        return "program:" + programId;
    }

    public static String agencyAggregateId(String agencyId) {
        return "agency:" + agencyId;
    }

    public record RegisterAgency(String agencyId, String name, String licenseNo) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return agencyAggregateId(agencyId);
        }
    }

    /** {@code eligibleMarkets} null: {@link io.ledger.incentive.domain.SourceMarkets#defaultEligible()}. */
    public record OpenProgram(String programId, String name, int fiscalYear, String currency, Money budget,
            Money agencyAnnualCap, AwardRules rules, List<String> eligibleMarkets) {
        public OpenProgram(String programId, String name, int fiscalYear, String currency, Money budget,
                Money agencyAnnualCap, AwardRules rules) {
            this(programId, name, fiscalYear, currency, budget, agencyAnnualCap, rules, null);
        }

        @TargetAggregateIdentifier
        public String aggregateId() {
            return programAggregateId(programId);
        }
    }

    public record IncreaseBudget(String programId, String increaseId, Money amount, String reason, String officer) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return programAggregateId(programId);
        }
    }

    public record EnrollAgency(String programId, String agencyId) {
    }

    public record CloseProgram(String programId) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return programAggregateId(programId);
        }
    }

    public record ReportTouristCount(String programId, String reportId, String agencyId, String groupRef,
            String sourceMarket, int tourists, int nights, LocalDate arrivalDate, String submittedBy) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return programAggregateId(programId);
        }
    }

    public record VerifyReport(String programId, String reportId, String officer) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return programAggregateId(programId);
        }
    }

    public record RejectReport(String programId, String reportId, String reason, String officer) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return programAggregateId(programId);
        }
    }

    public record ReverseReport(String programId, String reportId, String reason, String officer) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return programAggregateId(programId);
        }
    }

    public record RequestPayout(String programId, String payoutId, String agencyId, Money amount, String officer) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return programAggregateId(programId);
        }
    }

    public record ApprovePayout(String programId, String payoutId, String officer) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return programAggregateId(programId);
        }
    }

    public record SettlePayout(String programId, String payoutId, String bankReference, LocalDate settledOn,
            String officer) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return programAggregateId(programId);
        }
    }

    public record FailPayout(String programId, String payoutId, String reason, String officer) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return programAggregateId(programId);
        }
    }
}
