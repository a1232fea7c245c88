package io.ledger.audit;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SHA-256 (FIPS 180-4) whose running state can be written down and taken up again: a checkpoint of a
 * program's fold keeps the digest of every commit before it, and the answer's digest continues from
 * there, equal to the platform's {@code SHA-256} over all the bytes from the start. The platform's
 * {@link java.security.MessageDigest} cannot export its state, hence this small copy of the algorithm.
 */
final class ResumableSha256 {

    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2 };

    private final int[] h = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
        0x1f83d9ab, 0x5be0cd19 };
    private final byte[] block = new byte[64];
    private final int[] w = new int[64];
    private int buffered;
    private long length;

    /** The state of a digest that has seen no byte yet. */
    ResumableSha256() {
    }

    /** Takes up a state written by {@link #state()}. */
    static ResumableSha256 resume(String state) {
        byte[] bytes = HexFormat.of().parseHex(state);
        if (bytes.length < 40 || bytes.length > 40 + 63) {
            throw new IllegalArgumentException("not a SHA-256 state");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        ResumableSha256 digest = new ResumableSha256();
        for (int i = 0; i < 8; i++) {
            digest.h[i] = in.getInt();
        }
        digest.length = in.getLong();
        digest.buffered = bytes.length - 40;
        if (digest.length < 0 || digest.length % 64 != digest.buffered) {
            throw new IllegalArgumentException("not a SHA-256 state");
        }
        in.get(digest.block, 0, digest.buffered);
        return digest;
    }

    /** The running state: the eight words, the length so far and the bytes of the unfinished block. */
    String state() {
        ByteBuffer out = ByteBuffer.allocate(40 + buffered);
        for (int word : h) {
            out.putInt(word);
        }
        out.putLong(length);
        out.put(block, 0, buffered);
        return HexFormat.of().formatHex(out.array());
    }

    void update(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            int n = Math.min(64 - buffered, bytes.remaining());
            bytes.get(block, buffered, n);
            buffered += n;
            length += n;
            if (buffered == 64) {
                compress();
                buffered = 0;
            }
        }
    }

    /** The digest of everything so far; the state itself is not changed. */
    byte[] digest() {
        ResumableSha256 copy = resume(state());
        long bits = copy.length * 8;
        ByteBuffer padding = ByteBuffer.allocate((copy.buffered < 56 ? 56 : 120) - copy.buffered + 8);
        padding.put(0, (byte) 0x80);
        padding.putLong(padding.capacity() - 8, bits);
        copy.update(padding);
        ByteBuffer out = ByteBuffer.allocate(32);
        Arrays.stream(copy.h).forEach(out::putInt);
        return out.array();
    }

    private void compress() {
        ByteBuffer in = ByteBuffer.wrap(block);
        for (int t = 0; t < 16; t++) {
            w[t] = in.getInt();
        }
        for (int t = 16; t < 64; t++) {
            int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18) ^ (w[t - 15] >>> 3);
            int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19) ^ (w[t - 2] >>> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
        for (int t = 0; t < 64; t++) {
            int t1 = k + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                    + ((e & f) ^ (~e & g)) + K[t] + w[t];
            int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                    + ((a & b) ^ (a & c) ^ (b & c));
            k = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += k;
    }
}
