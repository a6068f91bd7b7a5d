package org.atende.sip.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints and verifies the {@link DigestAuthenticator}'s stateless nonces, under its secret HMAC key.
 *
 * <p>A nonce is {@code base64url(timestamp || random || HMAC-SHA256(secret, timestamp || random ||
 * realm)[0..16])}: it proves itself ours and tells its age without anything kept. The same key derives the
 * authenticator's other values ({@link #mac}). Thread-safe: each thread that uses it gets its own {@code Mac}.
 */
final class StatelessNonces {

    private static final int NONCE_RANDOM_BYTES = 8;
    private static final int NONCE_MAC_BYTES = 16;
    private static final int NONCE_BYTES = 8 + NONCE_RANDOM_BYTES + NONCE_MAC_BYTES;

    private final String realm;
    private final Clock clock;
    private final SecretKeySpec key;
    /** This key's MAC on each thread that uses it ({@code Mac} is not thread-safe, and costly to get). */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /** {@code secret} is copied; the caller has checked its length. */
    StatelessNonces(String realm, Clock clock, byte[] secret) {
        this.realm = realm;
        this.clock = clock;
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** A fresh nonce, stamped with the clock's time. */
    String newNonce() {
        byte[] bytes = new byte[NONCE_BYTES];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        buf.putLong(clock.millis());
        byte[] rnd = new byte[NONCE_RANDOM_BYTES];
        Hashing.random().nextBytes(rnd);
        buf.put(rnd);
        buf.put(nonceMac(bytes), 0, NONCE_MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The nonce's timestamp when it is one of ours (MAC verifies), else empty. */
    OptionalLong issuedAt(String nonce) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        if (bytes.length != NONCE_BYTES) {
            return OptionalLong.empty();
        }
        byte[] expected = Arrays.copyOf(nonceMac(bytes), NONCE_MAC_BYTES);
        byte[] actual = Arrays.copyOfRange(bytes, 8 + NONCE_RANDOM_BYTES, NONCE_BYTES);
        if (!MessageDigest.isEqual(expected, actual)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ByteBuffer.wrap(bytes).getLong());
    }

    /** HMAC over timestamp || random || realm, taken from the first 16 bytes of {@code nonceBytes}. */
    private byte[] nonceMac(byte[] nonceBytes) {
        byte[] realmBytes = realm.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[8 + NONCE_RANDOM_BYTES + realmBytes.length];
        System.arraycopy(nonceBytes, 0, input, 0, 8 + NONCE_RANDOM_BYTES);
        System.arraycopy(realmBytes, 0, input, 8 + NONCE_RANDOM_BYTES, realmBytes.length);
        return mac(input);
    }

    /** HMAC-SHA256 of {@code input} under the secret (32 bytes). */
    byte[] mac(byte[] input) {
        return macs.get().doFinal(input);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JRE", e);
        }
    }
}
