package io.ledger.incentive.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;

import io.ledger.api.Money;
import io.ledger.domain.Refusal;
import io.ledger.incentive.api.IncentiveCommands.ApprovePayout;
import io.ledger.incentive.api.IncentiveCommands.FailPayout;
import io.ledger.incentive.api.IncentiveCommands.IncreaseBudget;
import io.ledger.incentive.api.IncentiveCommands.OpenProgram;
import io.ledger.incentive.api.IncentiveCommands.RejectReport;
import io.ledger.incentive.api.IncentiveCommands.ReportTouristCount;
import io.ledger.incentive.api.IncentiveCommands.RequestPayout;
import io.ledger.incentive.api.IncentiveCommands.ReverseReport;
import io.ledger.incentive.api.IncentiveCommands.SettlePayout;
import io.ledger.incentive.api.IncentiveCommands.VerifyReport;
import io.ledger.incentive.api.IncentiveCommands;
import io.ledger.incentive.api.IncentiveEvents.AgencyEnrolled;
import io.ledger.incentive.api.IncentiveEvents.AwardAccrued;
import io.ledger.incentive.api.IncentiveEvents.AwardCapped;
import io.ledger.incentive.api.IncentiveEvents.AwardUnfunded;
import io.ledger.incentive.api.IncentiveEvents.BudgetIncreased;
import io.ledger.incentive.api.IncentiveEvents.PayoutApproved;
import io.ledger.incentive.api.IncentiveEvents.PayoutFailed;
import io.ledger.incentive.api.IncentiveEvents.PayoutRequested;
import io.ledger.incentive.api.IncentiveEvents.PayoutSettled;
import io.ledger.incentive.api.IncentiveEvents.ProgramOpened;
import io.ledger.incentive.api.IncentiveEvents.ReportReversed;
import io.ledger.incentive.api.IncentiveEvents.ReportVerified;
import io.ledger.incentive.api.IncentiveEvents.UnfundedAwardFunded;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any sequence of reports, verifications, rejections, reversals, budget increases and payout
 * steps, the events the program records keep the ledger's promises (DOMAIN.md):
 * computed = accrued + capped + unfunded, accrued + unfunded ≤ cap, program accrued ≤ budget,
 * and no payout is approved above what the agency is owed. The checks read the events only.
 */
class LedgerInvariantsProperties {

    private static final String P = "P";
    private static final List<String> AGENCIES = List.of("A", "B", "C");
    private static final List<String> MARKETS = List.of("MY", "SG", "JP", "HK");

    sealed interface Step permits Report, Verify, Reject, Reverse, Increase, Request, Approve, Settle, Fail {
    }

    record Report(int agency, int market, int tourists, int nights) implements Step {
    }

    record Verify(int report) implements Step {
    }

    record Reject(int report) implements Step {
    }

    record Reverse(int report) implements Step {
    }

    record Increase(long yuan) implements Step {
    }

    record Request(int agency, long yuan) implements Step {
    }

    record Approve(int payout, boolean sameOfficer) implements Step {
    }

    record Settle(int payout) implements Step {
    }

    record Fail(int payout) implements Step {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        // steps name reports and payouts by recency: 0 is the latest one
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 3);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Combinators.combine(Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 60),
                        Arbitraries.integers().between(0, 4)).as(Report::new)),
                net.jqwik.api.Tuple.of(5, index.map(Verify::new)),
                net.jqwik.api.Tuple.of(1, index.map(Reject::new)),
                net.jqwik.api.Tuple.of(2, index.map(Reverse::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(1, 40_000).map(Increase::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(Arbitraries.integers().between(0, 2),
                        Arbitraries.longs().between(1, 8_000)).as(Request::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(index, Arbitraries.frequency(
                        net.jqwik.api.Tuple.of(1, true), net.jqwik.api.Tuple.of(4, false))).as(Approve::new)),
                net.jqwik.api.Tuple.of(3, index.map(Settle::new)),
                net.jqwik.api.Tuple.of(1, index.map(Fail::new)));
        return step.list().ofMinSize(30).ofMaxSize(80);
    }

    @Property(tries = 300)
    @net.jqwik.api.statistics.StatisticsReport(onFailureOnly = false)
    void theLedgersPromisesHoldAfterEveryStep(@ForAll("steps") List<Step> steps,
            @ForAll("budgets") long budgetYuan, @ForAll("caps") long capYuan) {
        InMemoryEventStorageEngine store = new InMemoryEventStorageEngine();
        Configuration axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> store)
                .configureAggregate(Program.class)
                .registerComponent(Clock.class, c -> ProgramTest.JUNE_30)
                .buildConfiguration();
        axon.start();
        try {
            var gateway = axon.commandGateway();
            gateway.sendAndWait(new OpenProgram(P, "p", 2025, "CNY", Money.ofYuan(budgetYuan), Money.ofYuan(capYuan),
                    ProgramTest.RULES));
            Repositoryless.enroll(axon, AGENCIES);
            int reports = 0;
            int payouts = 0;
            for (Step step : steps) {
                Object command;
                if (step instanceof Report r) {
                    command = new ReportTouristCount(P, "R" + reports++, AGENCIES.get(r.agency()), "G",
                            MARKETS.get(r.market()), r.tourists(), r.nights(), LocalDate.of(2025, 5, 2),
                            AGENCIES.get(r.agency()));
                } else if (step instanceof Verify v) {
                    command = new VerifyReport(P, "R" + (reports - 1 - v.report()), "o1");
                } else if (step instanceof Reject r) {
                    command = new RejectReport(P, "R" + (reports - 1 - r.report()), "no", "o1");
                } else if (step instanceof Reverse r) {
                    command = new ReverseReport(P, "R" + (reports - 1 - r.report()), "wrong", "o2");
                } else if (step instanceof Increase i) {
                    command = new IncreaseBudget(P, "I" + i.yuan(), Money.ofYuan(i.yuan()), "top-up", "o2");
                } else if (step instanceof Request r) {
                    command = new RequestPayout(P, "PAY" + payouts++, AGENCIES.get(r.agency()), Money.ofYuan(r.yuan()),
                            "o1");
                } else if (step instanceof Approve a) {
                    command = new ApprovePayout(P, "PAY" + (payouts - 1 - a.payout()), a.sameOfficer() ? "o1" : "o2");
                } else if (step instanceof Settle st) {
                    command = new SettlePayout(P, "PAY" + (payouts - 1 - st.payout()), "B" + st.payout(), LocalDate.of(2025, 6, 1),
                            "o1");
                } else {
                    command = new FailPayout(P, "PAY" + (payouts - 1 - ((Fail) step).payout()), "bounced", "o1");
                }
                try {
                    gateway.sendAndWait(command);
                } catch (Refusal refused) {
                    // refused commands are part of the exploration; they must store nothing (checked below)
                }
                checkInvariants(store);
            }
            List<Object> recorded = new ArrayList<>();
            store.readEvents(null, false).forEach(m -> recorded.add(m.getPayload()));
            net.jqwik.api.statistics.Statistics.label("requested a payout")
                    .collect(recorded.stream().anyMatch(PayoutRequested.class::isInstance));
            net.jqwik.api.statistics.Statistics.label("accrued").collect(recorded.stream().anyMatch(AwardAccrued.class::isInstance));
            net.jqwik.api.statistics.Statistics.label("approved a payout")
                    .collect(recorded.stream().anyMatch(PayoutApproved.class::isInstance));
            net.jqwik.api.statistics.Statistics.label("funded a waiting claim")
                    .collect(recorded.stream().anyMatch(UnfundedAwardFunded.class::isInstance));
            net.jqwik.api.statistics.Statistics.label("reversed an accrued award")
                    .collect(recorded.stream().anyMatch(e -> e instanceof ReportReversed r
                            && r.accruedTakenBack().isPositive()));
            net.jqwik.api.statistics.Statistics.label("capped").collect(recorded.stream().anyMatch(AwardCapped.class::isInstance));
            net.jqwik.api.statistics.Statistics.label("settled a payout")
                    .collect(recorded.stream().anyMatch(PayoutSettled.class::isInstance));
        } finally {
            axon.shutdown();
        }
    }

    @Provide
    Arbitrary<Long> budgets() {
        return Arbitraries.longs().between(5_000, 60_000);
    }

    @Provide
    Arbitrary<Long> caps() {
        return Arbitraries.longs().between(5_000, 40_000);
    }

    /** Folds the recorded events into balances and checks each promise after every commit. */
    private static void checkInvariants(InMemoryEventStorageEngine store) {
        Money budget = Money.ZERO;
        Money cap = Money.ZERO;
        Money programAccrued = Money.ZERO;
        Map<String, Money[]> agencies = new HashMap<>(); // computed, accrued, capped, unfunded, reserved, paid
        List<EventMessage<?>> events = new ArrayList<>();
        store.readEvents(null, false).forEach(events::add);
        for (EventMessage<?> message : events) {
            Object e = message.getPayload();
            if (e instanceof ProgramOpened o) {
                budget = o.budget();
                cap = o.agencyAnnualCap();
            } else if (e instanceof BudgetIncreased b) {
                budget = b.budget();
            } else if (e instanceof AgencyEnrolled a) {
                agencies.put(a.agencyId(), new Money[] {Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO,
                        Money.ZERO});
            } else if (e instanceof ReportVerified v) {
                add(agencies, v.agencyId(), 0, v.computed());
            } else if (e instanceof AwardAccrued a) {
                add(agencies, a.agencyId(), 1, a.amount());
                programAccrued = programAccrued.plus(a.amount());
            } else if (e instanceof AwardCapped c) {
                add(agencies, c.agencyId(), 2, c.amount());
            } else if (e instanceof AwardUnfunded u) {
                add(agencies, u.agencyId(), 3, u.amount());
            } else if (e instanceof UnfundedAwardFunded f) {
                add(agencies, f.agencyId(), 3, zeroMinus(f.amount()));
                add(agencies, f.agencyId(), 1, f.amount());
                programAccrued = programAccrued.plus(f.amount());
            } else if (e instanceof ReportReversed r) {
                add(agencies, r.agencyId(), 1, zeroMinus(r.accruedTakenBack()));
                add(agencies, r.agencyId(), 3, zeroMinus(r.unfundedReleased()));
                add(agencies, r.agencyId(), 0, zeroMinus(r.accruedTakenBack().plus(r.unfundedReleased())));
                programAccrued = programAccrued.minus(r.accruedTakenBack());
            } else if (e instanceof PayoutRequested r) {
                Money[] a = agencies.get(r.agencyId());
                assertThat(r.amount()).as("requested within outstanding")
                        .isLessThanOrEqualTo(a[1].minus(a[4]).minus(a[5]));
                add(agencies, r.agencyId(), 4, r.amount());
            } else if (e instanceof PayoutApproved p) {
                Money[] a = agencies.get(p.agencyId());
                Money owedBeforeThisPayout = a[1].minus(a[4].minus(p.amount())).minus(a[5]);
                assertThat(p.amount()).as("approved within outstanding").isLessThanOrEqualTo(owedBeforeThisPayout);
            } else if (e instanceof PayoutSettled s) {
                add(agencies, s.agencyId(), 4, zeroMinus(s.amount()));
                add(agencies, s.agencyId(), 5, s.amount());
            } else if (e instanceof PayoutFailed f) {
                add(agencies, f.agencyId(), 4, zeroMinus(f.amount()));
            }
        }
        // after every command, that is at every commit boundary:
        {
            assertThat(programAccrued).as("program accrued ≤ budget").isLessThanOrEqualTo(budget);
            for (Map.Entry<String, Money[]> entry : agencies.entrySet()) {
                Money[] a = entry.getValue();
                assertThat(a[0]).as("computed = accrued + capped + unfunded for " + entry.getKey())
                        .isEqualTo(a[1].plus(a[2]).plus(a[3]));
                assertThat(a[1].plus(a[3])).as("accrued + unfunded ≤ cap").isLessThanOrEqualTo(cap);
                assertThat(a[3].isNegative() || a[4].isNegative() || a[5].isNegative()).isFalse();
            }
        }
    }

    private static Money zeroMinus(Money amount) {
        return Money.ZERO.minus(amount);
    }

    private static void add(Map<String, Money[]> agencies, String agencyId, int slot, Money amount) {
        Money[] a = agencies.get(agencyId);
        a[slot] = a[slot].plus(amount);
    }

    /** Enrollment goes through the program's method, as the enrollment handler does. */
    private static final class Repositoryless {
        static void enroll(Configuration axon, List<String> agencies) {
            var repository = axon.repository(Program.class);
            for (String agency : agencies) {
                org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(null).executeWithResult(() -> {
                    repository.load(IncentiveCommands.programAggregateId(P)).execute(p -> p.enroll(agency));
                    return null;
                });
            }
        }
    }
}
