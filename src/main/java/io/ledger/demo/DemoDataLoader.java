package io.ledger.demo;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** With {@code ledger.demo=true}, loads every {@link DemoScenario} once the application has started. */
@Component
@ConditionalOnProperty(name = "ledger.demo", havingValue = "true")
public class DemoDataLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

    private final List<DemoScenario> scenarios;

    public DemoDataLoader(List<DemoScenario> scenarios) {
        this.scenarios = scenarios;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (DemoScenario scenario : scenarios) {
            log.info("Loading demo data: {}", scenario.name());
            scenario.load();
        }
        log.info("Demo data loaded ({} scenarios)", scenarios.size());
    }
}
