package io.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.ledger.eventstore.Digests;

/** The resumable digest is the platform's SHA-256, whatever the lengths and wherever it is resumed. */
class ResumableSha256Test {

    @Test
    void equalsThePlatformsSha256ResumedAnywhere() {
        Random random = new Random(7);
        for (int run = 0; run < 300; run++) {
            byte[] bytes = new byte[random.nextInt(run < 150 ? 200 : 5000)];
            random.nextBytes(bytes);
            ResumableSha256 digest = new ResumableSha256();
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, random.nextInt(130));
                digest.update(ByteBuffer.wrap(bytes, at, n));
                at += n;
                digest = ResumableSha256.resume(digest.state());
            }
            assertThat(digest.digest()).as("%d bytes", bytes.length).isEqualTo(Digests.sha256().digest(bytes));
        }
    }

    @Test
    void readingTheDigestLeavesTheStateAsItWas() {
        ResumableSha256 digest = new ResumableSha256();
        digest.update(ByteBuffer.wrap("abc".getBytes()));
        digest.digest();
        digest.update(ByteBuffer.wrap("def".getBytes()));
        assertThat(digest.digest()).isEqualTo(Digests.sha256().digest("abcdef".getBytes()));
    }
}
