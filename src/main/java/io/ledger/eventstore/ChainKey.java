package io.ledger.eventstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that signs hash-chain checkpoints. It lives outside MongoDB (a key file or an
 * environment secret), so whoever can rewrite the database cannot sign a rewritten chain.
 *
 * <p>One line of text: {@code hmac-sha256:BASE64} (the same secret signs and checks),
 * {@code ed25519:PKCS8-BASE64:X509-BASE64} (the linker's key pair) or
 * {@code ed25519-public:X509-BASE64} (an auditor's key: checks, cannot sign).
 */
public final class ChainKey {

    private final String algorithm;
    private final byte[] secret;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private ChainKey(String algorithm, byte[] secret, PrivateKey privateKey, PublicKey publicKey) {
        this.algorithm = algorithm;
        this.secret = secret;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The key named by a file or else by a literal value (an environment secret); empty when neither is given. */
    public static Optional<ChainKey> load(String keyFile, String value) {
        if (keyFile != null && !keyFile.isBlank()) {
            try {
                return Optional.of(parse(Files.readString(Path.of(keyFile), StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the checkpoint key file " + keyFile, e);
            }
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse(value));
    }

    public static ChainKey parse(String text) {
        String[] parts = text.strip().split(":");
        Base64.Decoder base64 = Base64.getDecoder();
        try {
            switch (parts[0]) {
                case "hmac-sha256" -> {
                    byte[] secret = base64.decode(parts[1]);
                    if (secret.length < 32) {
                        throw new IllegalArgumentException("an HMAC-SHA256 checkpoint key needs at least 32 bytes");
                    }
                    return new ChainKey("HMAC-SHA256", secret, null, null);
                }
                case "ed25519" -> {
                    KeyFactory factory = KeyFactory.getInstance("Ed25519");
                    return new ChainKey("Ed25519", null,
                            factory.generatePrivate(new PKCS8EncodedKeySpec(base64.decode(parts[1]))),
                            factory.generatePublic(new X509EncodedKeySpec(base64.decode(parts[2]))));
                }
                case "ed25519-public" -> {
                    return new ChainKey("Ed25519", null, null, KeyFactory.getInstance("Ed25519")
                            .generatePublic(new X509EncodedKeySpec(base64.decode(parts[1]))));
                }
                default -> throw new IllegalArgumentException(
                        "a checkpoint key starts with hmac-sha256:, ed25519: or ed25519-public:");
            }
        } catch (GeneralSecurityException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("the checkpoint key is malformed: " + e.getMessage(), e);
        }
    }

    /** A fresh Ed25519 pair as two key lines: the linker's (signs) and the auditor's (checks). */
    public static String[] generateEd25519() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Base64.Encoder base64 = Base64.getEncoder();
            String publicKey = base64.encodeToString(pair.getPublic().getEncoded());
            return new String[] {"ed25519:" + base64.encodeToString(pair.getPrivate().getEncoded()) + ":" + publicKey,
                "ed25519-public:" + publicKey};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String algorithm() {
        return algorithm;
    }

    public boolean canSign() {
        return secret != null || privateKey != null;
    }

    public String sign(String content) {
        try {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            if (secret != null) {
                return Base64.getEncoder().encodeToString(hmac(bytes));
            }
            if (privateKey == null) {
                throw new IllegalStateException("this checkpoint key can only check signatures");
            }
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(bytes);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean verify(String content, String signatureText) {
        try {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            byte[] claimed = Base64.getDecoder().decode(signatureText);
            if (secret != null) {
                return MessageDigest.isEqual(hmac(bytes), claimed);
            }
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(publicKey);
            signature.update(bytes);
            return signature.verify(claimed);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] hmac(byte[] bytes) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return mac.doFinal(bytes);
    }
}
