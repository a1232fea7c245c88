package io.ledger.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class MetricsSamplerTest {

    /** Waits until released, as a query does while the driver looks for a server that is gone. */
    private static BackgroundFigures hangingUntil(CountDownLatch release) {
        return () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void figuresThatHangOnStorageDoNotHoldBackTheOthers() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch pinged = new CountDownLatch(3);
        MetricsSampler sampler = new MetricsSampler(List.of(hangingUntil(release), pinged::countDown),
                Duration.ofMillis(1));
        sampler.start();
        try {
            assertThat(pinged.await(30, TimeUnit.SECONDS)).as("the second figure was taken again and again").isTrue();
        } finally {
            release.countDown();
            sampler.stop();
        }
        assertThat(sampler.isRunning()).isFalse();
    }

    @Test
    void aFigureThatFailsIsTakenAgainAtTheNextInterval() throws InterruptedException {
        CountDownLatch attempts = new CountDownLatch(3);
        MetricsSampler sampler = new MetricsSampler(List.of(() -> {
            attempts.countDown();
            throw new IllegalStateException("storage is down");
        }), Duration.ofMillis(1));
        sampler.start();
        try {
            assertThat(attempts.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            sampler.stop();
        }
    }
}
